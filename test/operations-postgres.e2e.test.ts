import { describeOperations } from './support/operations.scenario.js';

describeOperations('postgres', { queue: 'postgres' });
