import { describeOperations } from './support/operations.scenario.js';

describeOperations('embedded', { queue: 'postgres', database: 'embedded' });
