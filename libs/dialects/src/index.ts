export * from './intent-diff.js';
export * from './dialect.js';
