import { CeCliDriver } from '#drivers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalize } from '#intent';
import { CeCliLab, fixtureIntent } from './support/ce-cli-lab.js';
import { deviceError as rejection } from './support/device-error-of.js';


describe('ce-cli driver: logging in', () => {
  let lab: CeCliLab;
  beforeEach(async () => {
    lab = await CeCliLab.start('leaf-1', 'leaf');
  });
  afterEach(async () => {
    await lab?.close();
  });

  it('opens with the pinned host key and exposes the key it saw', async () => {
    const driver = await lab.driver();
    expect(driver.hostKey?.fingerprint).toBe(lab.device.cli.hostKey.fingerprint);
  });

  it('refuses a wrong password with AUTH, not retryable', async () => {
    const error = await rejection(lab.driver({ password: 'not-the-password' }));
    expect(error.code).toBe('AUTH');
    expect(error.retryable).toBe(false);
  });

  it('refuses a changed host key with HOST_KEY, naming the pinned and the presented fingerprints', async () => {
    const pinned = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const error = await rejection(lab.driver({ pinnedHostKey: pinned }));
    expect(error.code).toBe('HOST_KEY');
    expect(error.message).toContain(pinned);
    expect(error.message).toContain(lab.device.cli.hostKey.fingerprint);
  });

  it('reports a closed port as TRANSIENT, and calls before open() as TRANSIENT', async () => {
    const port = lab.device.cli.port;
    await lab.device.cli.close();
    expect((await rejection(lab.driver({ port }))).code).toBe('TRANSIENT');
    const unopened = await rejection(new CeCliDriver(lab.target()).getRunningConfig());
    expect(unopened.code).toBe('TRANSIENT');
    expect(unopened.message).toContain('call open() first');
  });
});

describe('ce-cli driver: a dropped login', () => {
  let lab: CeCliLab;
  beforeEach(async () => {
    lab = await CeCliLab.start('leaf-1', 'leaf');
  });
  afterEach(async () => {
    await lab?.close();
  });

  it('is replaced on the next call when nothing depended on it', async () => {
    const driver = await lab.driver({}, { reconnect: { attempts: 5, initialDelayMs: 50 } });
    await driver.loadCandidate(fixtureIntent('l2-bridge', 'leaf-1'), 'replace');
    await driver.commit();
    await lab.restartCli();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(fixtureIntent('l2-bridge', 'leaf-1')));
  });

  it('takes the candidate with it: TRANSIENT says so, and the next load works on a new login', async () => {
    const driver = await lab.driver({}, { reconnect: { attempts: 5, initialDelayMs: 50 } });
    await driver.loadCandidate(fixtureIntent('l2-bridge', 'leaf-1'), 'replace');
    await lab.restartCli();
    const error = await rejection(driver.commit());
    expect(error.code).toBe('TRANSIENT');
    expect(error.message).toContain('candidate it held was lost');
    expect(lab.store.commitLog).toEqual([]);
    await driver.loadCandidate(fixtureIntent('l2-bridge', 'leaf-1'), 'replace');
    await driver.commit();
    expect(lab.store.commitLog).toEqual([expect.objectContaining({ sessionId: 200_001 })]);
  });
});
