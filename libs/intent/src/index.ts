export * from './canonical.js';
export * from './device-intent.js';
export * from './snapshot.js';
export * from './compile/compile.js';
export * from './compile/fabric-index.js';
export * from './compile/incremental.js';
export * from './route-plan.js';
