export * from './config-tree.js';
export * from './config-validation.js';
export * from './edit-config.js';
export * from './switch-config-store.js';
export * from './device-rpc-handler.js';
