import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CeCliDriver, CeNetconfDriver, type DeviceDriver, type DeviceTarget } from '#drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatedSwitch, startEmulatedSwitch } from '../../../apps/switch-emulator/src/emulated-switch.js';
import { connectPorts } from '../../../apps/switch-emulator/src/oper/cabling.js';
import { FAST_TIMERS, eventually, fixtureCabling, fixtureConfig, pushConfig, roleOf } from '../../../apps/switch-emulator/test/support/oper-fabric.js';
import { USER, fixtureIntent } from './support/ce-cli-lab.js';

const CASE = 'l2-bridge';
const DEVICES = ['leaf-1', 'leaf-2', 'spine-1', 'spine-2'];

/**
 * Two leaves and two spines cabled in this process; leaf-1 configured through the ce-cli driver,
 * the others pushed directly. The CLI getters must read what the fabric does, and agree with the
 * ce-netconf driver's getters reading the same switch's state over NETCONF.
 */
describe('ce-cli getters on a cabled emulated fabric', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'spinel-ce-cli-oper-'));
  const switches = new Map<string, EmulatedSwitch>();
  let cli: CeCliDriver;
  let netconf: DeviceDriver;

  const target = (sw: EmulatedSwitch, platform: string, port: number): DeviceTarget => ({
    name: sw.name,
    role: 'leaf',
    platform,
    host: '127.0.0.1',
    port,
    ...USER,
    pinnedHostKey: sw.cli.hostKey.fingerprint,
    timeoutMs: 10_000,
  });

  beforeAll(async () => {
    for (const d of DEVICES) {
      switches.set(d, await startEmulatedSwitch({ name: d, role: roleOf(d), netconfPort: 0, cliPort: 0, users: [USER], stateDir: join(stateDir, d), bgpTimers: FAST_TIMERS }));
    }
    for (const [a, pa, b, pb] of fixtureCabling(CASE, DEVICES)) connectPorts(switches.get(a)!, pa, switches.get(b)!, pb);
    const leaf1 = switches.get('leaf-1')!;
    cli = new CeCliDriver(target(leaf1, 'ce-cli', leaf1.cli.port));
    await cli.open();
    await cli.loadCandidate(fixtureIntent(CASE, 'leaf-1'), 'replace');
    await cli.commit();
    for (const d of DEVICES.slice(1)) pushConfig(switches.get(d)!.store, fixtureConfig(CASE, d));
    netconf = new CeNetconfDriver(target(leaf1, 'ce-netconf', leaf1.netconf.port));
    await netconf.open();
    await eventually(async () => expect((await cli.bgpNeighbors()).map((n) => n.state)).toEqual(['established', 'established']), 10_000);
    await eventually(async () => expect((await cli.evpnRoutes()).some((r) => r.type === 3 && r.nextHop === '10.255.0.102')).toBe(true), 10_000);
  });
  afterAll(async () => {
    await cli?.close();
    await netconf?.close();
    for (const sw of switches.values()) await sw.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('reads facts: hostname, vendor, model, version, serial and the chassis ports', async () => {
    const facts = await cli.facts();
    expect(facts).toMatchObject({ hostname: 'leaf-1', vendor: 'Spinel', model: 'CE-EMU-48S6CQ', osVersion: '8.200 (Spinel emulated CloudEngine)' });
    expect(facts.serialNumber).toMatch(/^SPX/);
    expect(facts.interfaces).toEqual(expect.arrayContaining(['10GE1/0/1', '100GE1/0/1', '100GE1/0/2', 'LoopBack0', 'Nve1']));
    const { uptimeSeconds: _a, ...viaNetconf } = await netconf.facts();
    const { uptimeSeconds: _b, ...viaCli } = facts;
    expect({ ...viaCli, interfaces: [...viaCli.interfaces].sort() }).toEqual({ ...viaNetconf, interfaces: [...viaNetconf.interfaces].sort() });
  });

  it('reads interfaces: cabled fabric ports up with their description, MTU, speed and MAC, as NETCONF reports them', async () => {
    const interfaces = await cli.interfaces();
    expect(interfaces.find((i) => i.name === '100GE1/0/1')).toMatchObject({ description: 'to spine-1 10GE1/0/1', adminUp: true, operUp: true, mtu: 9000, speedMbps: 100000 });
    expect(interfaces.find((i) => i.name === '10GE1/0/3')).toMatchObject({ operUp: false });
    const byName = (list: { name: string }[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));
    expect(byName(interfaces)).toEqual(byName(await netconf.interfaces()));
  });

  it('reads counters that grow on a port carrying traffic', async () => {
    const first = (await cli.interfaceCounters()).find((c) => c.name === '100GE1/0/1')!;
    expect(typeof first.inOctets).toBe('bigint');
    await eventually(async () => expect((await cli.interfaceCounters()).find((c) => c.name === '100GE1/0/1')!.outOctets).toBeGreaterThan(first.outOctets));
  });

  it('reads BGP sessions, LLDP neighbors and EVPN routes as the ce-netconf driver does', async () => {
    const sessions = await cli.bgpNeighbors();
    expect(sessions).toEqual([
      expect.objectContaining({ vrf: 'default', peer: '100GE1/0/1', state: 'established', remoteAs: expect.any(Number) }),
      expect.objectContaining({ vrf: 'default', peer: '100GE1/0/2', state: 'established', remoteAs: expect.any(Number) }),
    ]);
    const withoutUptime = (list: { uptimeSeconds: number }[]) => list.map(({ uptimeSeconds: _, ...rest }) => rest);
    expect(withoutUptime(sessions)).toEqual(withoutUptime(await netconf.bgpNeighbors()));
    expect(await cli.lldpNeighbors()).toEqual([
      { localInterface: '100GE1/0/1', remoteSystem: 'spine-1', remoteInterface: '10GE1/0/1' },
      { localInterface: '100GE1/0/2', remoteSystem: 'spine-2', remoteInterface: '10GE1/0/1' },
    ]);
    const key = (r: { type: number; routeDistinguisher: string; prefix: string }) => `${r.type} ${r.routeDistinguisher} ${r.prefix}`;
    const routes = await cli.evpnRoutes();
    expect(routes.some((r) => r.type === 3 && r.prefix === '10.255.0.101' && r.nextHop === '10.255.0.101')).toBe(true);
    expect([...routes].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...(await netconf.evpnRoutes())].sort((a, b) => key(a).localeCompare(key(b))));
  });
});

describe('ce-cli getters: a VRF session to a vswitch', () => {
  const CASE_VRF = 'l3-route-suppression-on';
  const stateDir = mkdtempSync(join(tmpdir(), 'spinel-ce-cli-vrf-'));
  const switches = new Map<string, EmulatedSwitch>();
  let cli: CeCliDriver;

  beforeAll(async () => {
    const devices = ['leaf-1', 'worker-1'];
    for (const d of devices) {
      switches.set(d, await startEmulatedSwitch({ name: d, role: roleOf(d), netconfPort: 0, cliPort: 0, users: [USER], stateDir: join(stateDir, d), bgpTimers: FAST_TIMERS }));
    }
    // A vswitch's ports are the ones its configuration names: configure, then cable.
    for (const d of devices) pushConfig(switches.get(d)!.store, fixtureConfig(CASE_VRF, d));
    for (const [a, pa, b, pb] of fixtureCabling(CASE_VRF, devices)) connectPorts(switches.get(a)!, pa, switches.get(b)!, pb);
    const leaf1 = switches.get('leaf-1')!;
    cli = new CeCliDriver({ name: 'leaf-1', role: 'leaf', platform: 'ce-cli', host: '127.0.0.1', port: leaf1.cli.port, ...USER, pinnedHostKey: leaf1.cli.hostKey.fingerprint, timeoutMs: 10_000 });
    await cli.open();
  });
  afterAll(async () => {
    await cli?.close();
    for (const sw of switches.values()) await sw.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('reads the VRF session from display bgp vpnv4 all peer, under its VPN instance', async () => {
    await eventually(async () => {
      const green = (await cli.bgpNeighbors()).filter((n) => n.vrf === 'green');
      expect(green).toEqual([expect.objectContaining({ vrf: 'green', peer: '10GE1/0/1', remoteAs: 4201000000, state: 'established', prefixesReceived: 1 })]);
    }, 10_000);
    expect(await cli.lldpNeighbors()).toContainEqual({ localInterface: '10GE1/0/1', remoteSystem: 'worker-1', remoteInterface: 'uplink0' });
  });
});
