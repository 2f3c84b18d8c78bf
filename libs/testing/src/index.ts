export * from './api-client.js';
export * from './database.harness.js';
export * from './fabric-factory.js';
export * from './seeded-random.js';
