import { CE_CLI_PLATFORM, CeCliDriver, createDefaultRegistry } from '#drivers';
import { canonicalize } from '#intent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CeCliLab, fixtureIntent } from './support/ce-cli-lab.js';

describe('ce-cli in the platform registry', () => {
  let lab: CeCliLab;
  beforeEach(async () => {
    lab = await CeCliLab.start('leaf-1', 'leaf');
  });
  afterEach(async () => {
    await lab?.close();
  });

  it('is one of the default drivers, built with the shared options, and drives the switch', async () => {
    const options = { connectTimeoutMs: 5_000, rpcTimeoutMs: 10_000, reconnect: { attempts: 2, initialDelayMs: 50 } };
    const registry = createDefaultRegistry(options);
    expect(registry.platforms).toContain(CE_CLI_PLATFORM);
    const driver = registry.driverFor(lab.target());
    expect(driver).toBeInstanceOf(CeCliDriver);
    expect(driver.platform).toBe('ce-cli');
    try {
      await driver.open();
      await driver.loadCandidate(fixtureIntent('l2-bridge', 'leaf-1'), 'replace');
      await driver.commit();
      expect(await driver.getRunningConfig()).toEqual(canonicalize(fixtureIntent('l2-bridge', 'leaf-1')));
    } finally {
      await driver.close();
    }
  });
});
