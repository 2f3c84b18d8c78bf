import type { Dialect } from '../dialect.js';
import { parseCeCli } from './parse.js';
import { renderCeCli } from './render.js';
import { renderCeCliChanges } from './render-changes.js';

/**
 * Huawei CloudEngine (VRP) CLI: the configuration as `display current-configuration` prints it,
 * read back strictly, and change sets as the commands typed after `system-view` (CE's two-stage
 * `commit`). Where CE has no syntax for what Spinel needs, the choice is documented at the
 * fragment that renders it (fragments-*.ts) and in README.md beside this file.
 */
export const ceCliDialect: Dialect = {
  platform: 'ce-cli',
  render: renderCeCli,
  parse: parseCeCli,
  renderChanges: renderCeCliChanges,
};
