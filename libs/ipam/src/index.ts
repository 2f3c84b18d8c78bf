export * from './allocate-integer.js';
export * from './allocate-ip.js';
export * from './allocate-blocks.js';
export * from './route-distinguisher-for.js';
export * from './route-target-for.js';
export * from './fabric-pools.js';
