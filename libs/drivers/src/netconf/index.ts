export * from './capabilities.js';
export * from './framing.js';
export * from './messages.js';
export * from './rpc-error.js';
export * from './xml-element.js';
export * from './operations.js';
export * from './netconf-client-session.js';
export * from './netconf-client.js';
