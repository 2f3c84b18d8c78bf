export * from './netconf-rpc-handler.js';
export * from './netconf-server.js';
export * from './netconf-server-session.js';
export * from './read-rpc.js';
export * from './raw-config-store.js';
export * from './transport-test-handler.js';
