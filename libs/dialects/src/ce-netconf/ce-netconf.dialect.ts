import type { Dialect } from '../dialect.js';
import { parseIntent } from './parse-intent.js';
import { renderEditConfig } from './render-changes.js';
import { intentTrees } from './render-intent.js';
import { writeConfig } from './xml-writer.js';

/**
 * Huawei CloudEngine over NETCONF with OpenConfig models (and the small `spx` extension module for
 * what OpenConfig cannot say; see README.md in this folder).
 */
export const ceNetconfDialect: Dialect = {
  platform: 'ce-netconf',
  render: (intent) => writeConfig(intentTrees(intent)),
  parse: (text, context) => parseIntent(text, context),
  renderChanges: (changes, running, desired) => renderEditConfig(changes, running, desired),
};
