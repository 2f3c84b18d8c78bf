export * from './canonical.js';
export * from './device-intent.js';
export * from './snapshot.js';
