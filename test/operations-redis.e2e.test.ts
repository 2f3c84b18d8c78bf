import { describeOperations } from './support/operations.scenario.js';

describeOperations('redis', { queue: 'redis' });
