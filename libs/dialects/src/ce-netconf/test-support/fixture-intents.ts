import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceIntent } from '#intent';

export const REPO_ROOT = join(import.meta.dirname, '../../../../..');
export const CASES_DIR = join(REPO_ROOT, 'fixtures/cases');
export const GOLDEN_DIR = join(REPO_ROOT, 'fixtures/ce-netconf');

export interface FixtureIntent {
  caseName: string;
  device: string;
  intent: DeviceIntent;
}

/** Every `fixtures/cases/<case>/intent/<device>.json`. */
export function fixtureIntents(): FixtureIntent[] {
  if (!existsSync(CASES_DIR)) return [];
  return readdirSync(CASES_DIR)
    .sort()
    .flatMap((caseName) => {
      const dir = join(CASES_DIR, caseName, 'intent');
      if (!existsSync(dir)) return [];
      return readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => ({ caseName, device: f.slice(0, -'.json'.length), intent: JSON.parse(readFileSync(join(dir, f), 'utf8')) as DeviceIntent }));
    });
}

export function fixtureIntent(caseName: string, device: string): DeviceIntent {
  return JSON.parse(readFileSync(join(CASES_DIR, caseName, 'intent', `${device}.json`), 'utf8')) as DeviceIntent;
}
