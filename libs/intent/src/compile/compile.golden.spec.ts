import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN_CASES } from '../testing/golden-cases.js';
import { compile } from './compile.js';

const ROOT = join(import.meta.dirname, '../../../../fixtures/cases');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** compile(snapshot) against the reviewed intents in fixtures/cases/<case>/intent/<device>.json. */
describe.each(Object.keys(GOLDEN_CASES))('golden case %s', (name) => {
  const dir = join(ROOT, name);
  const snapshot = (GOLDEN_CASES[name] as () => ReturnType<(typeof GOLDEN_CASES)[string]>)();

  it('compiles to the reviewed device intents', () => {
    const compiled = compile(snapshot);
    if (UPDATE) {
      rmSync(join(dir, 'intent'), { recursive: true, force: true });
      mkdirSync(join(dir, 'intent'), { recursive: true });
      writeFileSync(join(dir, 'snapshot.json'), `${JSON.stringify(snapshot, null, 2)}\n`);
      for (const [device, intent] of compiled.devices) writeFileSync(join(dir, 'intent', `${device}.json`), `${JSON.stringify(intent, null, 2)}\n`);
    }
    expect(existsSync(join(dir, 'intent')), `run with UPDATE_GOLDEN=1 to create ${dir}`).toBe(true);
    const files = readdirSync(join(dir, 'intent')).sort();
    expect(files).toEqual([...compiled.devices.keys()].map((d) => `${d}.json`).sort());
    for (const [device, intent] of compiled.devices) {
      expect(JSON.stringify(intent, null, 2) + '\n', `${name}/${device}`).toBe(readFileSync(join(dir, 'intent', `${device}.json`), 'utf8'));
    }
    expect(JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8'))).toEqual(snapshot);
  });
});
