import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type EmulatedSwitch, type EmulatedSwitchOptions, startEmulatedSwitch } from '../src/emulated-switch.js';
import type { LinkChange } from '../src/oper/operational-view.js';
import { USER } from './support/netconf-test-lab.js';
import { FAST_TIMERS, eventually, fixtureConfig, pushConfig } from './support/oper-fabric.js';

/** Cables over TCP on loopback between switches of this process: the wire endpoints `spinel switch` uses. */
describe('wire endpoints', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'spinel-wire-endpoint-'));
  const started: EmulatedSwitch[] = [];
  const logs: string[] = [];
  const start = async (name: string, role: 'leaf' | 'spine', extra: Partial<EmulatedSwitchOptions> = {}) => {
    const sw = await startEmulatedSwitch({ name, role, netconfPort: 0, cliPort: 0, users: [USER], stateDir: join(stateDir, name), bgpTimers: FAST_TIMERS, wireReconnectMs: 20, log: (m) => logs.push(`${name}: ${m}`), ...extra });
    started.push(sw);
    return sw;
  };
  afterEach(async () => {
    for (const sw of started.splice(0)) await sw.close();
    logs.length = 0;
  });
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('takes a cable given to both ends once, and keeps it', async () => {
    const spine = await start('spine-1', 'spine', { wirePort: 0 });
    const leaf = await start('leaf-1', 'leaf', { wirePort: 0, cables: [{ localPort: '100GE1/0/1', host: '127.0.0.1', port: spine.wire.port!, remotePort: '10GE1/0/1' }] });
    spine.wire.dial({ localPort: '10GE1/0/1', host: '127.0.0.1', port: leaf.wire.port!, remotePort: '100GE1/0/1' });
    const changes: LinkChange[] = [];
    leaf.oper.onLinkChange((c) => changes.push(c));
    pushConfig(spine.store, fixtureConfig('l2-bridge', 'spine-1'));
    pushConfig(leaf.store, fixtureConfig('l2-bridge', 'leaf-1'));
    await eventually(() => expect(leaf.oper.bgpNeighbors().find((n) => n.peer === '100GE1/0/1')?.state).toBe('established'));
    // Let both dialers retry many times over (keepalives every 50 ms, redials every 20 ms): the cable stays up.
    const session = () => leaf.oper.bgpSessions().find((s) => s.peer === '100GE1/0/1')!;
    const heard = session().msgRcvd;
    await eventually(() => expect(session().msgRcvd).toBeGreaterThan(heard + 5));
    expect(session().establishedTransitions).toBe(1);
    expect(changes.filter((c) => c.name === '100GE1/0/1').every((c) => c.operUp)).toBe(true);
    expect(spine.oper.lldpNeighbors()).toEqual([{ localInterface: '10GE1/0/1', remoteSystem: 'leaf-1', remoteInterface: '100GE1/0/1' }]);
  });

  it('refuses a cable into a port the switch does not have, and says so once', async () => {
    const spine = await start('spine-1', 'spine', { wirePort: 0 });
    const leaf = await start('leaf-1', 'leaf', { cables: [{ localPort: '100GE1/0/1', host: '127.0.0.1', port: spine.wire.port!, remotePort: '10GE1/0/99' }] });
    await eventually(() => expect(logs).toContain('spine-1: refused a cable: spine-1 has no port 10GE1/0/99'));
    // Redialed every 20 ms, refused every time, logged once on each side.
    await eventually(() => expect(spine.wire.accepted).toBeGreaterThan(5));
    expect(logs.filter((l) => l.includes('refused'))).toEqual(['spine-1: refused a cable: spine-1 has no port 10GE1/0/99', 'leaf-1: 100GE1/0/1: the far end refused the cable: spine-1 has no port 10GE1/0/99']);
    expect(leaf.oper.lldpNeighbors()).toEqual([]);
  });

  it('keeps dialing a switch that is not listening yet, and connects once it is', async () => {
    const probe = await start('spine-0', 'spine', { wirePort: 0 });
    const port = probe.wire.port!;
    await probe.close();
    started.splice(started.indexOf(probe), 1);
    const leaf = await start('leaf-1', 'leaf', { cables: [{ localPort: '100GE1/0/2', host: '127.0.0.1', port, remotePort: '10GE1/0/1' }] });
    const spine = await start('spine-2', 'spine', { wirePort: port });
    await eventually(() => expect(leaf.oper.lldpNeighbors()).toEqual([{ localInterface: '100GE1/0/2', remoteSystem: 'spine-2', remoteInterface: '10GE1/0/1' }]));
    expect(spine.oper.interfaces().find((i) => i.name === '10GE1/0/1')?.operUp).toBe(true);
  });
});
