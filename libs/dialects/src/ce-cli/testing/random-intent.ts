import { canonicalize, type AclIntent, type BgpNeighborIntent, type BridgeDomainIntent, type DeviceIntent, type NatIntent, type VrfIntent } from '#intent';
import { Random } from './random.js';

const ACCESS = ['10GE1/0/1', '10GE1/0/2', '10GE1/0/3', '10GE1/0/10', 'uplink0'];
const FABRIC = ['100GE1/0/49', '100GE1/0/50', '40GE1/0/1'];
const VRFS = ['blue', 'red', 'acme-prod', 'vpc-2'];
const ACLS = ['blue-web-in', 'blue-web-out', 'red-db-in', 'vpc-2-x'];
const TEXTS = ['', 'to spine-1 100GE1/0/1', 'container node worker-1', 'blue/web', 'two  spaces', 'x:y/z-1'];
const ROLES = ['spine', 'leaf', 'border-leaf', 'vswitch'] as const;

const rt = (r: Random) => r.pick([`65000:${r.int(1, 99999)}`, `4200000000:${r.int(1, 999)}`, `10.0.0.${r.int(1, 9)}:${r.int(1, 999)}`]);

function neighbor(r: Random, peer: string, inVrf: boolean): BgpNeighborIntent {
  return {
    peer,
    remoteAs: r.pick([r.int(1, 65535), 4200000000 + r.int(0, 999), 'external', 'internal'] as const),
    description: r.pick(TEXTS),
    addressFamilies: inVrf ? r.some(['ipv4-unicast'] as const) : r.some(['ipv4-unicast', 'l2vpn-evpn'] as const),
    ...(r.chance(0.2) ? { routeReflectorClient: true as const } : {}),
    ...(r.chance(0.3) ? { updateSource: 'LoopBack0' } : {}),
  };
}
const peers = (r: Random, inVrf: boolean) => r.some([...r.some(ACCESS, 2), ...r.some(FABRIC, 2), r.ip(), r.ip(172)], 4).map((p) => neighbor(r, p, inVrf));

function vrf(r: Random, name: string): VrfIntent {
  const networks = [...new Set(Array.from({ length: r.int(0, 3) }, () => (r.chance(0.2) ? r.prefix6() : r.prefix(16, 32))))];
  return {
    name,
    l3Vni: r.int(1, 16777215),
    routeDistinguisher: rt(r),
    importRouteTargets: Array.from({ length: r.int(0, 3) }, () => rt(r)),
    exportRouteTargets: Array.from({ length: r.int(0, 2) }, () => rt(r)),
    staticRoutes: Array.from({ length: r.int(0, 2) }, () => (r.chance(0.2) ? { prefix: r.prefix6(), nextHop: `2001:db8::${r.int(1, 0xffff).toString(16)}` } : { prefix: r.prefix(), nextHop: r.ip() })),
    neighbors: peers(r, true),
    networks,
    aggregates: [...new Set(Array.from({ length: r.int(0, 2) }, () => (r.chance(0.2) ? r.prefix6() : r.prefix(8, 28))))].map((prefix) => ({ prefix, summaryOnly: r.chance(0.5) })),
    advertiseIpv4Unicast: r.chance(0.6),
    ...(r.chance(0.3) ? { defaultRouteToExternal: true as const } : {}),
  };
}

function bridgeDomain(r: Random, id: number, vrfs: string[]): BridgeDomainIntent {
  const vrfName = vrfs.length && r.chance(0.7) ? r.pick(vrfs) : undefined;
  const p = r.prefix(16, 30);
  return {
    id,
    l2Vni: r.int(1, 16777215),
    description: r.pick(TEXTS),
    routeDistinguisher: rt(r),
    importRouteTargets: Array.from({ length: r.int(0, 2) }, () => rt(r)),
    exportRouteTargets: Array.from({ length: r.int(0, 2) }, () => rt(r)),
    arpSuppression: r.chance(0.5),
    ...(vrfName ? { vrf: vrfName } : {}),
    ...(r.chance(0.7) ? { gateway: { ip: p.split('/')[0]!.replace(/\d+$/, (x) => String(Number(x) + 1)), prefixLength: Number(p.split('/')[1]), mac: r.pick(['00:00:5e:00:01:01', '02:aa:bb:cc:dd:0e']) } } : {}),
    attachments: r.some(ACCESS, 3).map((i) => ({ interface: i, vlan: r.int(1, 4094) })),
  };
}

function acl(r: Random, name: string, bds: number[]): AclIntent {
  return {
    name,
    rules: [...new Set(Array.from({ length: r.int(0, 4) }, () => r.int(0, 100) * 5))].map((sequence) => {
      const protocol = r.pick(['any', 'tcp', 'udp', 'icmp'] as const);
      const port = (protocol === 'tcp' || protocol === 'udp') && r.chance(0.6) ? r.pick([String(r.int(0, 65535)), `${r.int(1, 1000)}-${r.int(1000, 65535)}`]) : undefined;
      const end = r.chance(0.2) ? () => r.prefix6() : () => r.prefix();
      return { sequence, action: r.pick(['permit', 'deny'] as const), protocol, source: r.chance(0.3) ? 'any' : end(), destination: r.chance(0.3) ? 'any' : end(), ...(port ? { destinationPort: port } : {}) };
    }),
    bindings: r.some(bds, 2).map((bridgeDomain) => ({ bridgeDomain, direction: r.pick(['inbound', 'outbound'] as const) })),
  };
}

const nat = (r: Random, vrfName: string): NatIntent => ({
  vrf: vrfName,
  snatPools: Array.from({ length: r.int(0, 2) }, () => r.prefix(24, 32)),
  staticNat: Array.from({ length: r.int(0, 2) }, () => ({ public: r.ip(198), private: r.ip() })),
});

/** A random renderable DeviceIntent (canonical), reproducible from its seed. */
export function randomIntent(seed: number): DeviceIntent {
  const r = new Random(seed);
  const asn = r.pick([65000, 64512 + r.int(0, 1000), 4200000000 + r.int(0, 9999)]);
  const routerId = r.ip();
  const vrfs = r.some(VRFS, 3).map((n) => vrf(r, n));
  const bds = r.some([10, 20, 10001, 16000000], 3).map((id) => bridgeDomain(r, id, vrfs.map((v) => v.name)));
  return repair({
    device: r.pick(['leaf-1', 'spine-2', 'border-1', 'worker-7']),
    role: r.pick(ROLES),
    routerId,
    asn,
    ...(r.chance(0.7) ? { vtepSource: r.chance(0.5) ? routerId : r.ip() } : {}),
    underlay: { protocol: r.pick(['ebgp', 'ibgp'] as const) },
    interfaces: [...r.some(ACCESS, 3), ...r.some(FABRIC, 2)].map((name) => ({ name, description: r.pick(TEXTS), role: r.pick(['fabric', 'access'] as const), mtu: r.pick([1500, 9000, 9216]) })),
    bgp: { asn, routerId: r.chance(0.8) ? routerId : r.ip(), neighbors: peers(r, false), ...(r.chance(0.5) ? { advertiseAllVni: true as const } : {}), networks: Array.from({ length: r.int(0, 2) }, () => (r.chance(0.2) ? r.prefix6() : r.prefix(24, 32))) },
    vrfs,
    bridgeDomains: bds,
    acls: r.some(ACLS, 3).map((n) => acl(r, n, bds.map((b) => b.id))),
    nat: r.some(vrfs.map((v) => v.name), 2).map((v) => nat(r, v)),
  });
}

/**
 * Mix two lists by key: each of `mine` is kept, dropped, or changed in place (`change` takes the
 * fields of one of `theirs` and keeps the key), and some of `theirs` with new keys are added.
 */
function mix<T>(r: Random, mine: T[], theirs: T[], key: (t: T) => string, change?: (a: T, b: T) => T): T[] {
  const other = new Map(theirs.map((t) => [key(t), t]));
  const out: T[] = [];
  for (const a of mine) {
    const roll = r.next();
    if (roll < 0.15) continue;
    const b = other.get(key(a)) ?? (theirs.length ? r.pick(theirs) : undefined);
    out.push(roll < 0.4 && change && b !== undefined ? change(a, b) : a);
  }
  for (const b of theirs) if (!mine.some((a) => key(a) === key(b)) && r.chance(0.4)) out.push(b);
  return out;
}

/**
 * Another intent of the same device: each part of `a` kept, dropped, changed or joined by parts of
 * a fresh random intent, then repaired so that references hold. Pairs (a, mutateIntent(a)) exercise
 * additions, removals and in-place modifications of every section.
 */
export function mutateIntent(a: DeviceIntent, seed: number): DeviceIntent {
  const r = new Random(seed);
  const f = randomIntent(seed * 7919 + 1);
  const pick = <T>(x: T, y: T, p = 0.25) => (r.chance(p) ? y : x);
  const asn = pick(a.asn, f.asn, 0.05);
  const rts = <T extends { importRouteTargets: string[]; exportRouteTargets: string[] }>(x: T, y: T) => ({
    importRouteTargets: mix(r, x.importRouteTargets, y.importRouteTargets, String),
    exportRouteTargets: mix(r, x.exportRouteTargets, y.exportRouteTargets, String),
  });
  return repair({
    ...a,
    role: pick(a.role, f.role, 0.1),
    routerId: pick(a.routerId, f.routerId, 0.1),
    asn,
    vtepSource: pick(a.vtepSource, f.vtepSource, 0.15),
    underlay: pick(a.underlay, f.underlay, 0.15),
    interfaces: mix(r, a.interfaces, f.interfaces, (x) => x.name, (x, y) => ({ ...y, name: x.name })),
    bgp: {
      asn,
      routerId: pick(a.bgp.routerId, f.bgp.routerId, 0.1),
      neighbors: mix(r, a.bgp.neighbors, f.bgp.neighbors, (n) => n.peer, (x, y) => ({ ...y, peer: x.peer })),
      ...(pick(a.bgp.advertiseAllVni, f.bgp.advertiseAllVni) ? { advertiseAllVni: true as const } : {}),
      networks: mix(r, a.bgp.networks, f.bgp.networks, String),
    },
    vrfs: mix(r, a.vrfs, f.vrfs, (v) => v.name, (x, y) => ({
      ...x,
      l3Vni: pick(x.l3Vni, y.l3Vni),
      routeDistinguisher: pick(x.routeDistinguisher, y.routeDistinguisher),
      ...rts(x, y),
      staticRoutes: mix(r, x.staticRoutes, y.staticRoutes, (s) => `${s.prefix}=>${s.nextHop}`),
      neighbors: mix(r, x.neighbors, y.neighbors, (n) => n.peer, (m, n) => ({ ...n, peer: m.peer })),
      networks: mix(r, x.networks, y.networks, String),
      aggregates: mix(r, x.aggregates, y.aggregates, (g) => g.prefix, (g) => ({ ...g, summaryOnly: !g.summaryOnly })),
      advertiseIpv4Unicast: pick(x.advertiseIpv4Unicast, y.advertiseIpv4Unicast),
      defaultRouteToExternal: pick(x.defaultRouteToExternal, y.defaultRouteToExternal),
    })),
    bridgeDomains: mix(r, a.bridgeDomains, f.bridgeDomains, (b) => String(b.id), (x, y) => ({
      ...x,
      l2Vni: pick(x.l2Vni, y.l2Vni),
      description: pick(x.description, y.description),
      routeDistinguisher: pick(x.routeDistinguisher, y.routeDistinguisher),
      ...rts(x, y),
      arpSuppression: pick(x.arpSuppression, y.arpSuppression),
      vrf: pick(x.vrf, y.vrf ?? r.pick([...a.vrfs.map((v) => v.name), undefined])),
      gateway: pick(x.gateway, y.gateway),
      attachments: mix(r, x.attachments, y.attachments, (t) => `${t.interface}.${t.vlan}`),
    })),
    acls: mix(r, a.acls, f.acls, (x) => x.name, (x, y) => ({
      ...x,
      rules: mix(r, x.rules, y.rules, (u) => String(u.sequence), (u, v) => ({ ...v, sequence: u.sequence })),
      bindings: mix(r, x.bindings, y.bindings, (b) => `${b.bridgeDomain}/${b.direction}`),
    })),
    nat: mix(r, a.nat, f.nat, (n) => n.vrf, (x, y) => ({
      ...x,
      snatPools: mix(r, x.snatPools, y.snatPools, String),
      staticNat: mix(r, x.staticNat, y.staticNat, (s) => s.public, (s, t) => ({ ...t, public: s.public })),
    })),
  });
}

/** Make an intent renderable: references resolve, VNIs and sub-interfaces are unique, optional flags are omitted when off. */
export function repair(input: DeviceIntent): DeviceIntent {
  const i = canonicalize(JSON.parse(JSON.stringify(input)) as DeviceIntent);
  if (!i.vtepSource) delete i.vtepSource;
  const vrfs = new Set(i.vrfs.map((v) => v.name));
  const vnis = new Set<number>();
  const unique = (v: number) => {
    while (vnis.has(v)) v = (v % 16777215) + 1;
    vnis.add(v);
    return v;
  };
  const first = <T>(items: T[], key: (t: T) => string) => items.filter((t, k) => items.findIndex((u) => key(u) === key(t)) === k);
  for (const v of i.vrfs) {
    v.l3Vni = unique(v.l3Vni);
    v.staticRoutes = first(v.staticRoutes, (s) => `${s.prefix}=>${s.nextHop}`);
    v.aggregates = first(v.aggregates, (g) => g.prefix);
    if (!v.defaultRouteToExternal) delete v.defaultRouteToExternal;
    if (v.defaultRouteToExternal) v.networks = v.networks.filter((n) => n !== '0.0.0.0/0');
  }
  const subinterfaces = new Set<string>();
  for (const b of i.bridgeDomains) {
    b.l2Vni = unique(b.l2Vni);
    if (!b.vrf || !vrfs.has(b.vrf)) delete b.vrf;
    if (!b.gateway) delete b.gateway;
    b.attachments = b.attachments.filter((a) => !subinterfaces.has(`${a.interface}.${a.vlan}`) && subinterfaces.add(`${a.interface}.${a.vlan}`));
  }
  const bds = new Set(i.bridgeDomains.map((b) => b.id));
  for (const a of i.acls) a.bindings = a.bindings.filter((b) => bds.has(b.bridgeDomain));
  for (const a of i.acls) a.rules = first(a.rules, (u) => String(u.sequence));
  i.nat = i.nat.filter((n) => vrfs.has(n.vrf));
  for (const n of i.nat) n.staticNat = first(n.staticNat, (s) => s.public);
  return canonicalize(i);
}
