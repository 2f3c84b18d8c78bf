export * from './cli-config-access.js';
export * from './cli-server.js';
export * from './cli-session.js';
export * from './vrp-command-syntax.js';
