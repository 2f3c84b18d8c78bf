export * from './cli-shell.js';
export * from './cli-output-errors.js';
export * from './terminal-text.js';
