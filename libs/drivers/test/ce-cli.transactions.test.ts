import { canonicalize } from '#intent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CeCliLab, fixtureIntent } from './support/ce-cli-lab.js';

describe('ce-cli driver transactions against the emulated switch over SSH', () => {
  let lab: CeCliLab;
  beforeEach(async () => {
    lab = await CeCliLab.start('leaf-1', 'leaf');
  });
  afterEach(async () => {
    await lab?.close();
  });

  it('replaces an empty switch with a golden intent: running then reads back as that intent', async () => {
    const driver = await lab.driver();
    const golden = fixtureIntent('l2-bridge', 'leaf-1');
    await driver.loadCandidate(golden, 'replace');
    expect(await driver.compare()).toContain('bridge-domain');
    await driver.commit();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(golden));
    expect(await driver.compare()).toBe('');
  });
});
