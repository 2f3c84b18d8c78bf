import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';

/** Every migration, in order. The data source runs them on start (never `synchronize`). */
export const MIGRATIONS = [InitialSchema1764000000000];
