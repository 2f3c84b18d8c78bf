export * from './data-source.js';
export * from './entities/index.js';
export * from './snake-naming.strategy.js';
export * from './embedded-postgres.js';
