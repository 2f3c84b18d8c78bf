import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalize } from '#intent';
import { CeNetconfDriver, type DeviceTarget } from '#drivers';
import { type EmulatedSwitch, startEmulatedSwitch } from '../../../../apps/switch-emulator/src/emulated-switch.js';
import { CONTRACT_USER, deviceError, intentA, intentB } from '../contract/driver-contract.js';

/** A confirmed commit made by one driver instance (a controller that died) settled by another, by its persist id. */
describe('ce-netconf driver: settling another instance\'s confirmed commit by persist id', () => {
  let sw: EmulatedSwitch;
  let stateDir: string;
  const drivers: CeNetconfDriver[] = [];

  beforeEach(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'spinel-persist-'));
    sw = await startEmulatedSwitch({ name: 'leaf-1', role: 'leaf', netconfPort: 0, cliPort: 0, users: [CONTRACT_USER], stateDir });
  });
  afterEach(async () => {
    for (const d of drivers.splice(0)) await d.close();
    await sw.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function opened(): Promise<CeNetconfDriver> {
    const target: DeviceTarget = { name: 'leaf-1', role: 'leaf', platform: 'ce-netconf', host: '127.0.0.1', port: sw.netconf.port, ...CONTRACT_USER, pinnedHostKey: sw.netconf.hostKey.fingerprint };
    const d = new CeNetconfDriver(target);
    drivers.push(d);
    await d.open();
    return d;
  }

  /** Running intentA, then a pending confirmed commit of intentB with the caller's persist id, whose driver then goes away. */
  async function pendingFromAnotherDriver(persistId: string): Promise<void> {
    const first = await opened();
    await first.loadCandidate(intentA(), 'replace');
    await first.commit();
    await first.loadCandidate(intentB(), 'replace');
    await first.commit({ confirmTimeoutSeconds: 60, persistId });
    expect(first.pendingPersistId).toBe(persistId);
    await first.close();
  }

  it('commit uses the persist id it is given, and a fresh driver confirms it', async () => {
    await pendingFromAnotherDriver('tx-1234-leaf-1');
    expect(sw.store.confirmedCommitPending).toBe(true);
    const second = await opened();
    await second.confirmPersisted('tx-1234-leaf-1');
    expect(sw.store.confirmedCommitPending).toBe(false);
    expect(await second.getRunningConfig()).toEqual(canonicalize(intentB()));
    expect(second.pendingPersistId).toBeUndefined();
  });

  it('a fresh driver cancels it: the device restores what it replaced', async () => {
    await pendingFromAnotherDriver('tx-5678-leaf-1');
    const second = await opened();
    await second.cancelPersisted('tx-5678-leaf-1');
    expect(sw.store.confirmedCommitPending).toBe(false);
    expect(await second.getRunningConfig()).toEqual(canonicalize(intentA()));
  });

  it('a persist id with nothing pending is the device\'s refusal (REJECTED), and running stays', async () => {
    const d = await opened();
    await d.loadCandidate(intentA(), 'replace');
    await d.commit();
    const e = await deviceError(d.cancelPersisted('never-committed'));
    expect(e.code).toBe('REJECTED');
    expect(await d.getRunningConfig()).toEqual(canonicalize(intentA()));
    await expect(d.confirmPersisted('')).rejects.toThrow(/persist id is needed/);
  });
});
