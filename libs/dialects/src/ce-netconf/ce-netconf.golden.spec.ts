import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ceNetconfDialect } from './ce-netconf.dialect.js';
import { GOLDEN_DIR, REPO_ROOT, fixtureIntents } from './test-support/fixture-intents.js';

const update = process.env.UPDATE_GOLDEN === '1';

/**
 * `fixtures/cases/<case>/intent/<device>.json` rendered must equal
 * `fixtures/ce-netconf/<case>/<device>.xml`. `UPDATE_GOLDEN=1` rewrites the XML files instead;
 * review their diff like code.
 */
describe('ce-netconf golden files', () => {
  const cases = fixtureIntents();

  it('has intents to render', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [`${c.caseName}/${c.device}`, c] as const))('%s', (_name, c) => {
    const file = join(GOLDEN_DIR, c.caseName, `${c.device}.xml`);
    const rendered = ceNetconfDialect.render(c.intent);
    if (update) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, rendered);
      return;
    }
    expect(existsSync(file), `${relative(REPO_ROOT, file)} is missing; run with UPDATE_GOLDEN=1 to create it`).toBe(true);
    expect(rendered).toBe(readFileSync(file, 'utf8'));
  });
});
