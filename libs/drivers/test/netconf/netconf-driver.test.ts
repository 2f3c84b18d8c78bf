import { afterEach, describe, expect, it } from 'vitest';
import { CeNetconfDriver, Capability, type DeviceTarget, NetconfDriver, type NetconfDriverOptions, createDefaultRegistry } from '#drivers';
import { TransportTestRpcHandler } from '../../../../apps/switch-emulator/src/netconf/transport-test-handler.js';
import type { NetconfRpcHandler } from '../../../../apps/switch-emulator/src/netconf/netconf-rpc-handler.js';
import { NetconfTestLab, USER, eventually } from '../../../../apps/switch-emulator/test/support/netconf-test-lab.js';
import { deviceError } from '../contract/driver-contract.js';

const NS = 'urn:example:widgets';
const widgets = (name: string) => `<widgets xmlns="${NS}"><widget><name>${name}</name></widget></widgets>`;
const gadgets = `<gadgets xmlns="urn:example:gadgets"><gadget>g1</gadget></gadgets>`;

/** The same model-free datastore, announcing only the capabilities given. */
function announcing(capabilities: string[]): { handler: NetconfRpcHandler; dispose: () => void } {
  const inner = new TransportTestRpcHandler();
  return {
    handler: { capabilities, supports: (op, ns) => inner.supports(op, ns), handle: (s, name, op) => inner.handle(s, name, op), sessionEnded: (s) => inner.sessionEnded(s) },
    dispose: () => inner.dispose(),
  };
}

/** The generic `netconf` platform against a model-free RFC 6241 endpoint: raw XML in, raw XML out. */
describe('netconf (generic RFC 6241) driver', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function lab(capabilities?: string[]): Promise<NetconfTestLab> {
    const custom = capabilities && announcing(capabilities);
    const started = await NetconfTestLab.start(custom ? { handler: custom.handler } : {});
    cleanups.push(() => started.close(), () => custom?.dispose());
    return started;
  }
  const target = (l: NetconfTestLab, platform = 'netconf'): DeviceTarget => ({
    name: 'box-1',
    role: 'leaf',
    platform,
    host: '127.0.0.1',
    port: l.server.port,
    ...USER,
    pinnedHostKey: l.server.hostKey.fingerprint,
    timeoutMs: 5_000,
  });
  async function opened(l: NetconfTestLab, options: NetconfDriverOptions = {}): Promise<NetconfDriver> {
    const driver = new NetconfDriver(target(l), options);
    cleanups.push(() => driver.close());
    await driver.open();
    return driver;
  }

  it('reports what the hello says: session, capabilities, framing, host key', async () => {
    const l = await lab();
    const driver = await opened(l);
    expect(await driver.facts()).toEqual({
      device: 'box-1',
      platform: 'netconf',
      sessionId: driver.sessionId,
      framing: 'chunked',
      capabilities: expect.arrayContaining([Capability.base11, Capability.candidate, Capability.confirmedCommit11]),
      hostKey: { algorithm: 'ssh-ed25519', fingerprint: l.server.hostKey.fingerprint },
      writableDatastore: 'candidate',
    });
  });

  it('loads raw XML into the candidate under its lock, commits it, and replace drops what it does not name', async () => {
    const l = await lab();
    const driver = await opened(l);
    await driver.loadConfig(gadgets, 'merge');
    await driver.commit();
    await driver.loadConfig(widgets('w1'), 'merge');
    expect(await driver.getConfig('running')).not.toContain('w1');
    expect(await driver.getConfig('candidate')).toContain('w1');
    await driver.commit();
    expect(await driver.getConfig('running')).toContain('g1');
    await driver.loadConfig(widgets('w2'), 'replace');
    await driver.commit();
    const running = await driver.getConfig();
    expect(running).toContain('w2');
    expect(running).not.toContain('g1');
  });

  it('discards, rolls back and confirms like the intent drivers', async () => {
    const l = await lab();
    const driver = await opened(l);
    await driver.loadConfig(widgets('w1'), 'replace');
    await driver.commit();
    await driver.loadConfig(widgets('w2'), 'replace');
    await driver.discard();
    expect(await driver.getConfig('candidate')).toContain('w1');
    await driver.loadConfig(widgets('w2'), 'replace');
    await driver.commit({ confirmTimeoutSeconds: 600 });
    await driver.rollback();
    expect(await driver.getConfig()).toContain('w1');
    await driver.loadConfig(widgets('w3'), 'replace');
    await driver.commit({ confirmTimeoutSeconds: 1 });
    await driver.confirm();
    expect(await driver.getConfig()).toContain('w3');
    expect(l.handler.rollbacks).toEqual([expect.stringMatching(/cancelled/)]);
  });

  it('refuses a new load while its confirmed commit is pending', async () => {
    const l = await lab();
    const driver = await opened(l);
    await driver.loadConfig(widgets('w1'), 'replace');
    await driver.commit({ confirmTimeoutSeconds: 600 });
    const error = await deviceError(driver.loadConfig(widgets('w2'), 'replace'));
    expect(error).toMatchObject({ code: 'REJECTED', message: expect.stringContaining('confirm it or roll it back before loading another configuration') });
    await driver.confirm();
    await driver.loadConfig(widgets('w2'), 'replace');
    await driver.commit();
    expect(await driver.getConfig()).toContain('w2');
  });

  it('names the holder when another session has the candidate locked', async () => {
    const l = await lab();
    const first = await opened(l);
    await first.loadConfig(widgets('w1'), 'replace');
    const second = await opened(l);
    const error = await deviceError(second.loadConfig(widgets('w2'), 'replace'));
    expect(error.code).toBe('TRANSIENT');
    expect(error.message).toContain(`locked by NETCONF session ${first.sessionId}`);
  });

  it('edits running in place on a device with only :writable-running, and says commit has nothing to do', async () => {
    const l = await lab([Capability.writableRunning]);
    const driver = await opened(l);
    expect((await driver.facts()).writableDatastore).toBe('running');
    await driver.loadConfig(widgets('live'), 'merge');
    expect(await driver.getConfig()).toContain('live');
    const error = await deviceError(driver.commit());
    expect(error.code).toBe('REJECTED');
    expect(error.message).toMatch(/box-1 .* has no :candidate datastore: edits went to running directly/);
  });

  it('refuses a device whose configuration cannot be written at all', async () => {
    const l = await lab([Capability.validate11]);
    const error = await deviceError(new NetconfDriver(target(l)).open());
    expect(error.code).toBe('REJECTED');
    expect(error.message).toMatch(/neither :candidate nor :writable-running/);
    await eventually(() => l.server.sessions().length === 0);
  });

  it('ce-netconf refuses a device that lacks the capabilities its transactions need, naming them', async () => {
    const l = await lab([Capability.writableRunning, Capability.candidate]);
    const error = await deviceError(new CeNetconfDriver(target(l, 'ce-netconf')).open());
    expect(error.code).toBe('REJECTED');
    expect(error.message).toMatch(/lacks NETCONF capabilities the ce-netconf driver needs: :confirmed-commit:1.1, :validate; it announces/);
  });

  it('the default registry holds ce-netconf as an intent driver and netconf as a raw one', async () => {
    const l = await lab();
    const registry = createDefaultRegistry();
    expect(registry.platforms).toEqual(['ce-cli', 'ce-netconf', 'netconf']);
    expect(registry.driverFor(target(l, 'ce-netconf'))).toBeInstanceOf(CeNetconfDriver);
    expect(registry.rawDriverFor(target(l))).toBeInstanceOf(NetconfDriver);
    expect(() => registry.driverFor(target(l))).toThrow(/raw configuration only/);
  });
});
