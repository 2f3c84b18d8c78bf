export * from './intent-diff.js';
export * from './dialect.js';
export * from './ce-cli/index.js';
export * from './ce-netconf/index.js';
export * from './registry.js';
