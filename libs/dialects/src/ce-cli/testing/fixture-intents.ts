import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceIntent } from '#intent';

export const FIXTURES = join(import.meta.dirname, '../../../../../fixtures');

export interface IntentFixture {
  caseName: string;
  device: string;
  intent: DeviceIntent;
}

/** Every `fixtures/cases/<case>/intent/<device>.json`: the compiler's golden intents and the handmade ones. */
export function intentFixtures(): IntentFixture[] {
  const cases = join(FIXTURES, 'cases');
  if (!existsSync(cases)) return [];
  return readdirSync(cases)
    .sort()
    .filter((c) => existsSync(join(cases, c, 'intent')))
    .flatMap((caseName) =>
      readdirSync(join(cases, caseName, 'intent'))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => ({ caseName, device: f.replace(/\.json$/, ''), intent: JSON.parse(readFileSync(join(cases, caseName, 'intent', f), 'utf8')) as DeviceIntent })),
    );
}

export const handmade = (device: 'leaf-1' | 'spine-1' | 'border-1'): DeviceIntent =>
  JSON.parse(readFileSync(join(FIXTURES, 'cases', 'handmade', 'intent', `${device}.json`), 'utf8')) as DeviceIntent;
