import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetconfClient, NetconfRpcError, XmlElement, pinnedHostKey } from '#drivers';
import { type EmulatedSwitch, startEmulatedSwitch } from '../src/emulated-switch.js';
import { connectPorts } from '../src/oper/cabling.js';
import { CliTestShell } from './support/cli-test-shell.js';
import { USER } from './support/netconf-test-lab.js';
import { FAST_TIMERS, eventually, fixtureCabling, fixtureConfig, pushConfig, roleOf } from './support/oper-fabric.js';

const CASE = 'l2-bridge';
const DEVICES = ['leaf-1', 'leaf-2', 'spine-1', 'spine-2'];
const IF = 'http://openconfig.net/yang/interfaces';
const SPX = 'urn:spinel:yang:spinel-ext';

/** Descendants of `root` named `local`, depth first. */
function all(root: XmlElement, local: string): XmlElement[] {
  return root.children().flatMap((c) => [...(c.local === local ? [c] : []), ...all(c, local)]);
}
const leafText = (e: XmlElement | undefined, path: string[]): string | undefined => path.reduce<XmlElement | undefined>((x, p) => x?.child(p), e)?.text();

/** Two spines and two leaves as separate switches with SSH endpoints, cabled in this process; leaf-1 configured over NETCONF. */
describe('operational state over SSH: NETCONF <get> and the CLI display commands', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'spinel-oper-'));
  const switches = new Map<string, EmulatedSwitch>();
  let netconf: NetconfClient;
  let shell: CliTestShell;

  beforeAll(async () => {
    for (const d of DEVICES) {
      switches.set(d, await startEmulatedSwitch({ name: d, role: roleOf(d), netconfPort: 0, cliPort: 0, users: [USER], stateDir: join(stateDir, d), bgpTimers: FAST_TIMERS }));
    }
    for (const [a, pa, b, pb] of fixtureCabling(CASE, DEVICES)) connectPorts(switches.get(a)!, pa, switches.get(b)!, pb);
    const leaf1 = switches.get('leaf-1')!;
    netconf = await NetconfClient.connect({ host: '127.0.0.1', port: leaf1.netconf.port, ...USER, verifyHostKey: pinnedHostKey(leaf1.netconf.hostKey.fingerprint), rpcTimeoutMs: 10_000 });
    await netconf.editConfig('candidate', fixtureConfig(CASE, 'leaf-1'), { defaultOperation: 'replace' });
    await netconf.commit();
    for (const d of DEVICES.slice(1)) pushConfig(switches.get(d)!.store, fixtureConfig(CASE, d));
    shell = await CliTestShell.open(leaf1.cli.port, USER, leaf1.cli.hostKey.fingerprint);
    await eventually(() => expect(leaf1.oper.bgpNeighbors().map((n) => n.state)).toEqual(['established', 'established']));
    await eventually(() => expect(leaf1.oper.vxlanTunnels()).toHaveLength(1));
  });
  afterAll(async () => {
    await shell?.close();
    await netconf?.close();
    for (const sw of switches.values()) await sw.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('<get> adds interface state beside the configuration; a subtree filter selects one interface', async () => {
    const filter = { subtree: `<interfaces xmlns="${IF}"><interface><name>100GE1/0/1</name></interface></interfaces>` };
    const first = XmlElement.parseDocument(await netconf.get(filter));
    const entries = all(first, 'interface');
    expect(entries).toHaveLength(1);
    const state = entries[0]!.child('state')!;
    expect(leafText(entries[0], ['config', 'description'])).toBe('to spine-1 10GE1/0/1');
    expect(['name', 'oper-status', 'admin-status', 'mtu', 'description'].map((l) => state.child(l)?.text())).toEqual(['100GE1/0/1', 'UP', 'UP', '9000', 'to spine-1 10GE1/0/1']);
    expect(state.child('type')?.text()).toMatch(/:ethernetCsmacd$/);
    expect(leafText(entries[0], ['ethernet', 'state', 'port-speed'])).toMatch(/:SPEED_100GB$/);
    const octets = (doc: XmlElement) => BigInt(leafText(all(doc, 'interface')[0], ['state', 'counters', 'in-octets'])!);
    const before = octets(first);
    await eventually(async () => expect(octets(XmlElement.parseDocument(await netconf.get(filter)))).toBeGreaterThan(before));
  });

  it('<get> reports an unconfigured chassis port as a state-only, down interface', async () => {
    const doc = XmlElement.parseDocument(await netconf.get({ subtree: `<interfaces xmlns="${IF}"><interface><name>10GE1/0/48</name></interface></interfaces>` }));
    const entry = all(doc, 'interface')[0]!;
    expect(entry.child('config')).toBeUndefined();
    expect(['oper-status', 'admin-status'].map((l) => entry.child('state')?.child(l)?.text())).toEqual(['DOWN', 'UP']);
  });

  it('<get> has BGP session state, LLDP neighbours, EVPN routes and VXLAN tunnels', async () => {
    const doc = XmlElement.parseDocument(await netconf.get());
    const neighbors = all(doc, 'interface-neighbor').map((n) => [n.child('interface')?.text(), leafText(n, ['state', 'session-state']), leafText(n, ['state', 'peer-as'])]);
    expect(neighbors).toEqual([
      ['100GE1/0/1', 'ESTABLISHED', '65000'],
      ['100GE1/0/2', 'ESTABLISHED', '65000'],
    ]);
    const lldp = all(doc, 'lldp')[0]!;
    expect(all(lldp, 'neighbor').map((n) => n.child('id')?.text())).toEqual(['spine-1|10GE1/0/1', 'spine-2|10GE1/0/1']);
    const routes = all(doc, 'route').map((r) => `${r.child('type')?.text()} ${r.child('prefix')?.text()} ${r.child('vni')?.text()}`);
    expect(routes).toContain('3 10.255.0.102 10001');
    expect(routes).toContain('3 10.255.0.101 10001');
    const tunnel = all(doc, 'tunnel')[0]!;
    expect(tunnel.namespace).toBe(SPX);
    expect([tunnel.child('source')?.text(), tunnel.child('destination')?.text(), tunnel.child('state')?.text()]).toEqual(['10.255.0.101', '10.255.0.102', 'up']);
    expect(leafText(doc, ['components', 'component', 'state', 'serial-no'])).toMatch(/^SPX[0-9A-F]{8}$/);
    expect(leafText(doc, ['system', 'state', 'hostname'])).toBe('leaf-1');
  });

  it('<get-config> shows no state and <edit-config> of a state node is refused', async () => {
    expect(await netconf.getConfig('running')).not.toContain('<state>');
    const edit = `<interfaces xmlns="${IF}"><interface><name>100GE1/0/1</name><state><oper-status>DOWN</oper-status></state></interface></interfaces>`;
    const error = await netconf.editConfig('candidate', edit).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetconfRpcError);
    expect((error as NetconfRpcError).errors[0]).toMatchObject({ tag: 'invalid-value', message: 'state data is read-only' });
  });

  it('answers the display commands from the same state', async () => {
    await shell.type('screen-length 0 temporary');
    expect(await shell.type('display esn')).toMatch(/^ESN of device: SPX[0-9A-F]{8}\n$/);
    expect((await shell.type('display version')).split('\n')[1]).toBe('VRP (R) software, Version 8.200 (Spinel emulated CloudEngine)');
    const brief = await shell.type('display interface brief');
    expect(brief).toMatch(/^100GE1\/0\/1 +up +up +0\.01% +0\.01% +0 +0$/m);
    expect(brief).toMatch(/^LoopBack0 +up +up\(s\) /m);
    const block = await shell.type('display interface 100GE1/0/2');
    expect(block).toMatch(/^100GE1\/0\/2 current state : UP \(ifindex: \d+\)\nLine protocol current state : UP\nDescription: to spine-2 10GE1\/0\/1\n/);
    expect(block).toMatch(/Hardware address is 00e0-fc[0-9a-f]{2}-[0-9a-f]{4}\nSpeed: 100000, Loopback: NONE\n/);
    const peers = await shell.type('display bgp peer');
    expect(peers).toContain(' BGP local router ID : 10.255.0.101\n Local AS number : 4200000100\n');
    expect(peers).toMatch(/^ {2}100GE1\/0\/1 +4 +65000 +\d+ +\d+ +0 +\d\d:\d\d:\d\d +Established +\d+$/m);
    expect(await shell.type('display lldp neighbor brief')).toMatch(/^100GE1\/0\/2 +spine-2 +10GE1\/0\/1 +\d+$/m);
    const evpn = await shell.type('display bgp evpn all routing-table');
    expect(evpn).toMatch(/^ \*> +0:32:10\.255\.0\.102 +10\.255\.0\.102 +10001$/m);
    expect(evpn).toMatch(/^ \*> +0:48:0000-5e00-0101:32:10\.1\.1\.1 +10\.255\.0\.101 +10001$/m);
    expect(await shell.type('display vxlan tunnel')).toMatch(/^Number of vxlan tunnel : 1\n[^]*^4026531841 +10\.255\.0\.101 +10\.255\.0\.102 +up +dynamic +\d\d:\d\d:\d\d$/m);
  });

  it('puts the caret under a bad argument of a display command', async () => {
    const width = shell.prompt.length;
    expect(await shell.type('display interface 100GE9/9/9')).toBe(`${' '.repeat(width + 18)}^\nError: Wrong parameter found at '^' position.\n`);
    expect(await shell.type('display bgp pear')).toBe(`${' '.repeat(width + 12)}^\nError: Unrecognized command found at '^' position.\n`);
    expect(await shell.type('display lldp neighbor')).toBe(`${' '.repeat(width + 21)}^\nError: Incomplete command found at '^' position.\n`);
  });
});
