import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalize } from '#intent';
import { CeNetconfDriver, NetconfClient, type NetconfDriverOptions, type DeviceTarget, pinnedHostKey } from '#drivers';
import { type EmulatedSwitch, startEmulatedSwitch } from '../../../../apps/switch-emulator/src/emulated-switch.js';
import { FreezableProxy } from '../../../../apps/switch-emulator/test/support/freezable-proxy.js';
import { CONTRACT_USER, deviceError, eventually, intentA, intentB } from '../contract/driver-contract.js';

/** A ce-netconf driver that outlives its session: kill-session, a dropped connection, a dead path. */
describe('ce-netconf driver: reconnect and keepalive', () => {
  let sw: EmulatedSwitch | undefined;
  let stateDir: string;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'spinel-reconnect-'));
    sw = await startEmulatedSwitch({ name: 'leaf-1', role: 'leaf', netconfPort: 0, cliPort: 0, users: [CONTRACT_USER], stateDir });
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await sw?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const target = (port = sw!.netconf.port): DeviceTarget => ({
    name: 'leaf-1',
    role: 'leaf',
    platform: 'ce-netconf',
    host: '127.0.0.1',
    port,
    ...CONTRACT_USER,
    pinnedHostKey: sw!.netconf.hostKey.fingerprint,
    timeoutMs: 5_000,
  });
  async function opened(options: NetconfDriverOptions = {}, port?: number): Promise<CeNetconfDriver> {
    const driver = new CeNetconfDriver(target(port), { reconnect: { attempts: 3, initialDelayMs: 50 }, ...options });
    closers.push(() => driver.close());
    await driver.open();
    return driver;
  }
  async function provisioned(): Promise<CeNetconfDriver> {
    const driver = await opened();
    await driver.loadCandidate(intentA(), 'replace');
    await driver.commit();
    return driver;
  }
  const serverSession = (driver: CeNetconfDriver) => sw!.netconf.sessions().find((s) => s.id === driver.sessionId)!;

  it('replaces a session another client killed, on next use', async () => {
    const driver = await provisioned();
    const killed = driver.sessionId!;
    const admin = await NetconfClient.connect({ host: '127.0.0.1', port: sw!.netconf.port, ...CONTRACT_USER, verifyHostKey: pinnedHostKey(sw!.netconf.hostKey.fingerprint) });
    closers.push(() => admin.close());
    await admin.killSession(killed);
    await eventually(async () => driver.sessionId === undefined);
    expect(await driver.getRunningConfig()).toEqual(canonicalize(intentA()));
    expect(driver.sessionId).not.toBe(killed);
    expect(driver.reconnects).toBe(1);
  });

  it('answers a read issued right after the device dropped the session', async () => {
    const driver = await provisioned();
    // Whether the client has noticed yet or the read meets the closed session, it gets its answer.
    serverSession(driver).drop();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(intentA()));
    expect(driver.reconnects).toBe(1);
  });

  it('confirms, from a new session, a confirmed commit made before the drop', async () => {
    const driver = await provisioned();
    await driver.loadCandidate(intentB(), 'replace');
    await driver.commit({ confirmTimeoutSeconds: 2 });
    serverSession(driver).drop();
    await eventually(async () => driver.sessionId === undefined);
    // The persisted confirmed commit outlives its session on the device.
    expect(sw!.store.confirmedCommitPending).toBe(true);
    await driver.confirm();
    expect(driver.reconnects).toBe(1);
    expect(sw!.store.confirmedCommitPending).toBe(false);
    await delay(2_500); // past the confirm timeout
    expect(await driver.getRunningConfig()).toEqual(canonicalize(intentB()));
    expect(sw!.store.rollbacks).toEqual([]);
  });

  it('cancels, from a new session, a confirmed commit made before the drop', async () => {
    const driver = await provisioned();
    await driver.loadCandidate(intentB(), 'replace');
    await driver.commit({ confirmTimeoutSeconds: 600 });
    serverSession(driver).drop();
    await driver.rollback();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(intentA()));
    expect(sw!.store.confirmedCommitPending).toBe(false);
  });

  it('takes a confirmed commit the device already rolled back as rolled back, and refuses to confirm it', async () => {
    const driver = await provisioned();
    await driver.loadCandidate(intentB(), 'replace');
    await driver.commit({ confirmTimeoutSeconds: 1 });
    await eventually(async () => !sw!.store.confirmedCommitPending);
    await driver.rollback();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(intentA()));

    await driver.loadCandidate(intentB(), 'replace');
    await driver.commit({ confirmTimeoutSeconds: 1 });
    await eventually(async () => !sw!.store.confirmedCommitPending);
    const error = await deviceError(driver.confirm());
    expect(error.code).toBe('REJECTED');
    expect(error.message).toMatch(/was already rolled back by the device .*no confirmed commit is pending/);
    expect(await driver.getRunningConfig()).toEqual(canonicalize(intentA()));
    // Nothing is pending any more, and the candidate is free again.
    expect((await deviceError(driver.confirm())).message).toMatch(/no confirmed commit of this driver is pending/);
    await driver.loadCandidate(intentB(), 'replace');
    await driver.commit();
  });

  it('refuses to commit a candidate the device discarded with its session, then works again', async () => {
    const driver = await provisioned();
    await driver.loadCandidate(intentB(), 'replace');
    serverSession(driver).drop();
    const error = await deviceError(driver.commit());
    expect(error.code).toBe('TRANSIENT');
    expect(error.message).toMatch(/session holding the candidate of leaf-1 .* ended .*load the configuration again/);
    expect(await driver.getRunningConfig()).toEqual(canonicalize(intentA()));
    await driver.loadCandidate(intentB(), 'replace');
    await driver.commit();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(intentB()));
  });

  it('reconnects to a switch that restarted on the same address with the same host key', async () => {
    const driver = await opened();
    const port = sw!.netconf.port;
    await sw!.close();
    sw = await startEmulatedSwitch({ name: 'leaf-1', role: 'leaf', netconfPort: port, cliPort: 0, users: [CONTRACT_USER], stateDir });
    await driver.loadCandidate(intentA(), 'replace');
    await driver.commit();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(intentA()));
    expect(driver.reconnects).toBe(1);
  });

  it('refuses, without retrying, a switch that came back with another host key', async () => {
    const driver = await opened();
    const port = sw!.netconf.port;
    const pinned = sw!.netconf.hostKey.fingerprint;
    await sw!.close();
    const otherDir = mkdtempSync(join(tmpdir(), 'spinel-rekeyed-'));
    closers.push(async () => rmSync(otherDir, { recursive: true, force: true }));
    sw = await startEmulatedSwitch({ name: 'leaf-1', role: 'leaf', netconfPort: port, cliPort: 0, users: [CONTRACT_USER], stateDir: otherDir });
    const error = await deviceError(driver.getRunningConfig());
    expect(error.code).toBe('HOST_KEY');
    expect(error.message).toContain(`${sw.netconf.hostKey.fingerprint}, but ${pinned} is pinned`);
    expect(error.message).not.toMatch(/gave up/);
  });

  it('gives up after the configured attempts when the device stays away', async () => {
    const driver = await opened({ reconnect: { attempts: 3, initialDelayMs: 20 } });
    await sw!.close();
    sw = undefined;
    const error = await deviceError(driver.getRunningConfig());
    expect(error.code).toBe('TRANSIENT');
    expect(error.message).toMatch(/gave up after 3 attempts/);
  });

  it('notices a silent dead path by SSH keepalive and reports the session gone', async () => {
    const proxy = await FreezableProxy.start(sw!.netconf.port);
    closers.push(() => proxy.close());
    const driver = await opened({ keepaliveIntervalMs: 100, keepaliveCountMax: 2, connectTimeoutMs: 500, reconnect: { attempts: 1 } }, proxy.port);
    expect(driver.sessionId).toBeDefined();
    proxy.freeze();
    // No RPC is in flight: only the keepalive can find out that the peer is gone.
    await eventually(async () => driver.sessionId === undefined);
    const error = await deviceError(driver.getRunningConfig());
    expect(error.retryable).toBe(true);
  });
});
