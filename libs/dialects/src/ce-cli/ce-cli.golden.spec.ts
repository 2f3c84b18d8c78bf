import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalize } from '#intent';
import { describe, expect, it } from 'vitest';
import { ceCliDialect } from './index.js';
import { FIXTURES, intentFixtures } from './testing/fixture-intents.js';

const GOLDEN = join(FIXTURES, 'ce-cli');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const fixtures = intentFixtures();

/** render(intent) against the reviewed configurations in fixtures/ce-cli/<case>/<device>.cfg. */
describe('ce-cli golden files', () => {
  it('finds the intent fixtures, handmade ones included', () => {
    expect(fixtures.filter((f) => f.caseName === 'handmade').map((f) => f.device)).toEqual(['border-1', 'leaf-1', 'spine-1']);
  });

  it.each(fixtures.map((f) => [`${f.caseName}/${f.device}`, f] as const))('%s renders the reviewed configuration and parses back', (_, { caseName, device, intent }) => {
    const file = join(GOLDEN, caseName, `${device}.cfg`);
    const text = ceCliDialect.render(intent);
    if (UPDATE) {
      mkdirSync(join(GOLDEN, caseName), { recursive: true });
      writeFileSync(file, text);
    }
    expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
    expect(ceCliDialect.parse(text, { device: intent.device, role: intent.role })).toEqual(canonicalize(intent));
  });

  it('has no golden file without an intent', () => {
    const wanted = new Set(fixtures.map((f) => `${f.caseName}/${f.device}.cfg`));
    const present = existsSync(GOLDEN) ? readdirSync(GOLDEN).flatMap((c) => readdirSync(join(GOLDEN, c)).map((f) => `${c}/${f}`)) : [];
    const stale = present.filter((p) => !wanted.has(p));
    if (UPDATE) for (const p of stale) rmSync(join(GOLDEN, p));
    expect(UPDATE ? [] : stale).toEqual([]);
  });
});
