import { canonicalize, type DeviceIntent } from '#intent';
import { describe, expect, it } from 'vitest';
import { diffIntent } from '../intent-diff.js';
import { ceCliDialect } from './index.js';
import { changeCommandBlocks } from './render-changes.js';
import { handmade } from './testing/fixture-intents.js';
import { mutateIntent, randomIntent } from './testing/random-intent.js';
import { VrpInterpreter } from './testing/vrp-interpreter.js';

const { render, parse, renderChanges } = ceCliDialect;
const context = (i: DeviceIntent) => ({ device: i.device, role: i.role });
const changeScript = (a: DeviceIntent | null, b: DeviceIntent) => renderChanges(diffIntent(a, b), a, b);

/** Type the change script at a switch running `a` and read back what it then runs. */
function applyOnSwitch(a: DeviceIntent | null, b: DeviceIntent): DeviceIntent {
  const vrp = VrpInterpreter.load(a ? render(a) : '');
  const script = changeScript(a, b);
  if (script) vrp.type(script);
  return parse(vrp.print(), context(b));
}

const edit = (i: DeviceIntent, f: (x: DeviceIntent) => void): DeviceIntent => {
  const copy = structuredClone(canonicalize(i));
  f(copy);
  return canonicalize(copy);
};
const lines = (script: string) => script.trimEnd().split('\n');

describe('ce-cli renderChanges on a model switch', () => {
  const SEEDS = Array.from({ length: 250 }, (_, k) => k + 1);

  it.each(SEEDS)('takes a switch from random intent #%i to a mutation of it', (seed) => {
    const a = randomIntent(seed);
    const b = mutateIntent(a, seed);
    expect(applyOnSwitch(a, b)).toEqual(canonicalize(b));
  });

  it.each(SEEDS.slice(0, 50))('configures random intent #%i from an empty switch', (seed) => {
    const b = randomIntent(seed);
    expect(applyOnSwitch(null, b)).toEqual(canonicalize(b));
  });

  it.each(['leaf-1', 'spine-1', 'border-1'] as const)('configures handmade %s from scratch and removes every tenant again', (device) => {
    const b = handmade(device);
    expect(applyOnSwitch(null, b)).toEqual(canonicalize(b));
    const bare = edit(b, (x) => {
      x.vrfs = [];
      x.bridgeDomains = [];
      x.acls = [];
      x.nat = [];
    });
    expect(applyOnSwitch(b, bare)).toEqual(bare);
  });

  it.each(SEEDS)('undoes what random change set #%i removes', (seed) => {
    const a = randomIntent(seed);
    const b = mutateIntent(a, seed);
    for (const block of changeCommandBlocks(diffIntent(a, b), a, b)) {
      if (block.change?.op !== 'remove') continue;
      for (const c of block.commands) expect(c.text, `${block.change.section} ${block.change.key}`).toMatch(/^undo |^portswitch$|^policy vpn-target$/);
    }
  });
});

describe('ce-cli renderChanges line by line', () => {
  const leaf = canonicalize(handmade('leaf-1'));

  it('is empty when nothing changes', () => {
    expect(renderChanges([], leaf, leaf)).toBe('');
    expect(changeScript(leaf, leaf)).toBe('');
  });

  it('adds a VRF: VPN instance, BGP address family, then its route targets', () => {
    const b = edit(leaf, (x) => {
      x.vrfs.push({ name: 'acme-qa', l3Vni: 20200, routeDistinguisher: '65000:20200', importRouteTargets: ['65000:20200'], exportRouteTargets: ['65000:20200'], staticRoutes: [], neighbors: [], networks: [], aggregates: [], advertiseIpv4Unicast: true });
    });
    expect(lines(changeScript(leaf, b))).toEqual([
      'system-view',
      'ip vpn-instance acme-qa',
      ' ipv4-family',
      '  route-distinguisher 65000:20200',
      ' quit',
      ' vxlan vni 20200',
      'quit',
      'bgp 4200000011',
      ' ipv4-family vpn-instance acme-qa',
      '  advertise l2vpn evpn',
      ' quit',
      'quit',
      'ip vpn-instance acme-qa',
      ' ipv4-family',
      '  vpn-target 65000:20200 import-extcommunity evpn',
      '  vpn-target 65000:20200 export-extcommunity evpn',
      ' quit',
      'quit',
      'commit',
      'return',
    ]);
  });

  it('removes a bridge domain: its sub-interfaces and ACL binding first, then NVE VNI, gateway and the domain', () => {
    const b = edit(leaf, (x) => {
      x.bridgeDomains = x.bridgeDomains.filter((d) => d.id !== 20002);
      for (const a of x.acls) a.bindings = a.bindings.filter((d) => d.bridgeDomain !== 20002);
    });
    expect(lines(changeScript(leaf, b))).toEqual([
      'system-view',
      'undo interface 10GE1/0/1.101',
      'undo interface 10GE1/0/5.200',
      'bridge-domain 20002',
      ' undo traffic-filter acl name acme-prod-web-ingress-out inbound',
      'quit',
      'interface Nve1',
      ' undo vni 20002 head-end peer-list protocol bgp',
      'quit',
      'undo interface Vbdif20002',
      'undo bridge-domain 20002',
      'commit',
      'return',
    ]);
  });

  it('changes a route target: undo the old one, add the new one, in the EVPN instance', () => {
    const b = edit(leaf, (x) => {
      x.bridgeDomains[0]!.exportRouteTargets = ['65000:29001'];
    });
    expect(lines(changeScript(leaf, b))).toEqual([
      'system-view',
      'bridge-domain 20001',
      ' evpn',
      '  undo vpn-target 65000:20001 export-extcommunity',
      '  vpn-target 65000:29001 export-extcommunity',
      ' quit',
      'quit',
      'commit',
      'return',
    ]);
  });

  it('removes a peer with one undo, in every address family at once', () => {
    const b = edit(leaf, (x) => {
      x.bgp.neighbors = x.bgp.neighbors.filter((n) => n.peer !== '100GE1/0/50');
    });
    expect(lines(changeScript(leaf, b))).toEqual(['system-view', 'bgp 4200000011', ' undo peer 100GE1/0/50', 'quit', 'commit', 'return']);
  });

  it('re-creates a peer whose AS number changes (VRP refuses to change it in place)', () => {
    const b = edit(leaf, (x) => {
      x.vrfs[1]!.neighbors[0]!.remoteAs = 4201000099;
    });
    expect(lines(changeScript(leaf, b))).toEqual([
      'system-view',
      'bgp 4200000011',
      ' ipv4-family vpn-instance acme-prod',
      '  undo peer 10GE1/0/1',
      '  peer 10GE1/0/1 as-number 4201000099',
      '  peer 10GE1/0/1 description container node worker-1',
      '  peer 10GE1/0/1 enable',
      ' quit',
      'quit',
      'commit',
      'return',
    ]);
  });

  it('modifies an ACL rule by deleting and re-entering it (VRP would merge into the old rule)', () => {
    const b = edit(leaf, (x) => {
      x.acls[0]!.rules[0]!.destinationPort = '8443';
    });
    expect(lines(changeScript(leaf, b))).toEqual([
      'system-view',
      'acl name acme-prod-web-ingress-in',
      ' undo rule 5',
      ' rule 5 permit tcp source 10.20.2.0 0.0.0.255 destination 10.20.1.10 0 destination-port eq 8443',
      'quit',
      'commit',
      'return',
    ]);
  });

  it('replaces a description without undoing it', () => {
    const b = edit(leaf, (x) => {
      x.interfaces[0]!.description = 'container node worker-9';
    });
    expect(lines(changeScript(leaf, b))).toEqual(['system-view', 'interface 10GE1/0/1', ' description container node worker-9', 'quit', 'commit', 'return']);
  });

  it('re-sends the gateway address when the Vbdif moves to another VPN instance (binding clears it)', () => {
    const b = edit(leaf, (x) => {
      x.bridgeDomains[1]!.vrf = 'acme-dev';
    });
    expect(lines(changeScript(leaf, b))).toEqual([
      'system-view',
      'interface Vbdif20002',
      ' undo ip binding vpn-instance acme-prod',
      ' ip binding vpn-instance acme-dev',
      ' ip address 10.20.2.1 255.255.255.0',
      'quit',
      'commit',
      'return',
    ]);
    expect(applyOnSwitch(leaf, b)).toEqual(b);
  });

  it('moves the fabric ports with the underlay: OSPF lines only once the process exists', () => {
    const b = edit(leaf, (x) => {
      x.underlay.protocol = 'ibgp';
    });
    const script = lines(changeScript(leaf, b));
    expect(script.indexOf('ospf 1 router-id 10.255.0.11')).toBeGreaterThan(0);
    expect(script.indexOf('ospf 1 router-id 10.255.0.11')).toBeLessThan(script.indexOf(' ospf enable 1 area 0.0.0.0'));
    expect(script.filter((l) => l === ' undo ipv6 enable')).toHaveLength(2);
    expect(applyOnSwitch(leaf, b)).toEqual(b);
  });

  it('deletes and re-creates BGP when the AS number changes', () => {
    const b = edit(leaf, (x) => {
      x.asn = 4200000099;
      x.bgp.asn = 4200000099;
    });
    const script = lines(changeScript(leaf, b));
    expect(script[1]).toBe('undo bgp 4200000011');
    expect(script.filter((l) => /^bgp /.test(l))).toEqual(['bgp 4200000099']);
    expect(applyOnSwitch(leaf, b)).toEqual(b);
  });

  it('gives an ACL its IPv6 twin with its first IPv6 rule, and removes the twin with the last', () => {
    const b = edit(leaf, (x) => {
      x.acls[1]!.rules.push({ sequence: 30, action: 'permit', protocol: 'tcp', source: '2001:db8:1::/64', destination: 'any', destinationPort: '443' });
    });
    const script = lines(changeScript(leaf, b));
    expect(script).toContain('acl ipv6 name acme-prod-web-ingress-out advance');
    expect(script).toContain(' rule 30 permit tcp source 2001:db8:1::/64 destination any destination-port eq 443');
    expect(script).toContain(' traffic-filter acl ipv6 name acme-prod-web-ingress-out inbound');
    expect(applyOnSwitch(leaf, b)).toEqual(b);
    expect(applyOnSwitch(b, leaf)).toEqual(leaf);
    expect(lines(changeScript(b, leaf)).at(-3)).toBe('undo acl ipv6 name acme-prod-web-ingress-out');
  });
});

describe('the model switch the change tests run on', () => {
  const leaf = canonicalize(handmade('leaf-1'));
  const typed = (...commands: string[]) => () => VrpInterpreter.load(render(leaf)).type(['system-view', ...commands, 'commit', 'return'].join('\n'));

  it('refuses what VRP refuses', () => {
    expect(typed('acl name acme-prod-web-ingress-in', ' rule 5 permit ip source any destination any')).toThrow(/"rule 5" is already configured/);
    expect(typed('bridge-domain 20001', ' vxlan vni 5')).toThrow(/"vxlan vni" is already configured/);
    expect(typed('undo bridge-domain 20001')).toThrow(/still bound/);
    expect(typed('bgp 4200000011', ' l2vpn-family evpn', '  peer 10.9.9.9 enable')).toThrow(/peer 10.9.9.9 does not exist/);
    expect(typed('undo interface 10GE1/0/9.9')).toThrow(/configuration does not exist/);
    expect(typed('interface 10GE1/0/9.9')).toThrow(/mode l2/);
    expect(typed('interface 10GE1/0/9.9 mode l2', ' bridge-domain 4242')).toThrow(/bridge domain 4242 does not exist/);
  });

  it('accepts what VRP accepts', () => {
    expect(typed('interface 10GE1/0/1', ' description new', 'quit', 'bgp 4200000011', ' peer 100GE1/0/49 description other')).not.toThrow();
  });
});
