import { canonicalize, type DeviceIntent } from '#intent';

/**
 * A structural, keyed diff of two device intents: the platform-neutral change set that every
 * dialect turns into its own syntax (CLI lines with `undo`, NETCONF edit-config operations).
 *
 * Lists are compared by their canonical key (an interface by name, a VRF by name, a bridge domain
 * by id, a route by `prefix=>next-hop`…), so order never produces a change, and a changed entry is
 * one `modify` of that entry, not a remove and an add.
 */
export type ChangeOp = 'add' | 'remove' | 'modify';

export type Section =
  | 'device' // scalar settings: role, routerId, asn, vtepSource, underlay
  | 'interface'
  | 'bgp' // global BGP scalars: asn, routerId, advertiseAllVni
  | 'bgp-neighbor'
  | 'bgp-network'
  | 'vrf' // VRF scalars: l3Vni, RD, advertiseIpv4Unicast, defaultRouteToExternal
  | 'vrf-route-target' // key `import:<rt>` or `export:<rt>`
  | 'vrf-static-route'
  | 'vrf-neighbor'
  | 'vrf-network'
  | 'vrf-aggregate'
  | 'bridge-domain' // BD scalars: l2Vni, description, RD, arpSuppression, vrf, gateway
  | 'bd-route-target'
  | 'bd-attachment' // key `<interface>.<vlan>`
  | 'acl' // the ACL itself
  | 'acl-rule' // key: sequence
  | 'acl-binding' // key `<bd>/<direction>`
  | 'nat'
  | 'nat-snat-pool'
  | 'nat-static';

export interface IntentChange {
  section: Section;
  /** Key of the parent entry (VRF name, bridge-domain id, ACL name, NAT VRF) for nested sections. */
  parent?: string;
  key: string;
  op: ChangeOp;
  before?: unknown;
  after?: unknown;
}

type Keyed = Map<string, unknown>;
const keyed = <T>(items: readonly T[], key: (t: T) => string): Keyed => new Map(items.map((t) => [key(t), t]));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Depth of a section: removals run deepest first, additions shallowest first. */
const DEPTH: Record<Section, number> = {
  device: 0,
  interface: 1,
  bgp: 1,
  'bgp-neighbor': 2,
  'bgp-network': 2,
  vrf: 1,
  'vrf-route-target': 2,
  'vrf-static-route': 2,
  'vrf-neighbor': 2,
  'vrf-network': 2,
  'vrf-aggregate': 2,
  'bridge-domain': 2,
  'bd-route-target': 3,
  'bd-attachment': 3,
  acl: 1,
  'acl-rule': 2,
  'acl-binding': 3,
  nat: 2,
  'nat-snat-pool': 3,
  'nat-static': 3,
};

/**
 * Ordered minimal changes from `running` to `desired`: first every removal (deepest first, so a
 * bridge domain's attachments go before the bridge domain, a VRF's neighbors before the VRF), then
 * additions and modifications (parents before children). Empty when nothing differs. A null
 * `running` (nothing configured yet) yields only additions.
 */
export function diffIntent(running: DeviceIntent | null, desired: DeviceIntent): IntentChange[] {
  const r = running ? canonicalize(running) : null;
  const d = canonicalize(desired);
  const out: IntentChange[] = [];
  const push = (c: IntentChange) => out.push(c);

  const deviceScalars = (i: DeviceIntent) => ({ role: i.role, routerId: i.routerId, asn: i.asn, vtepSource: i.vtepSource ?? null, underlay: i.underlay.protocol });
  if (!r || !same(deviceScalars(r), deviceScalars(d))) push({ section: 'device', key: d.device, op: r ? 'modify' : 'add', before: r ? deviceScalars(r) : undefined, after: deviceScalars(d) });

  compareLists(push, 'interface', undefined, keyed(r?.interfaces ?? [], (x) => x.name), keyed(d.interfaces, (x) => x.name));

  const bgpScalars = (i: DeviceIntent) => ({ asn: i.bgp.asn, routerId: i.bgp.routerId, advertiseAllVni: i.bgp.advertiseAllVni ?? false });
  if (!r || !same(bgpScalars(r), bgpScalars(d))) push({ section: 'bgp', key: String(d.bgp.asn), op: r ? 'modify' : 'add', before: r ? bgpScalars(r) : undefined, after: bgpScalars(d) });
  compareLists(push, 'bgp-neighbor', undefined, keyed(r?.bgp.neighbors ?? [], (n) => n.peer), keyed(d.bgp.neighbors, (n) => n.peer));
  compareLists(push, 'bgp-network', undefined, keyed(r?.bgp.networks ?? [], (n) => n), keyed(d.bgp.networks, (n) => n));

  const vrfScalars = (v: DeviceIntent['vrfs'][number]) => ({
    l3Vni: v.l3Vni,
    routeDistinguisher: v.routeDistinguisher,
    advertiseIpv4Unicast: v.advertiseIpv4Unicast,
    defaultRouteToExternal: v.defaultRouteToExternal ?? false,
  });
  const rVrfs = keyed(r?.vrfs ?? [], (v) => v.name) as Map<string, DeviceIntent['vrfs'][number]>;
  for (const v of d.vrfs) {
    const before = rVrfs.get(v.name);
    if (!before || !same(vrfScalars(before), vrfScalars(v))) push({ section: 'vrf', key: v.name, op: before ? 'modify' : 'add', before: before && vrfScalars(before), after: vrfScalars(v) });
    const rts = (x?: typeof v) => keyed([...(x?.importRouteTargets ?? []).map((t) => `import:${t}`), ...(x?.exportRouteTargets ?? []).map((t) => `export:${t}`)], (k) => k);
    compareLists(push, 'vrf-route-target', v.name, rts(before), rts(v));
    compareLists(push, 'vrf-static-route', v.name, keyed(before?.staticRoutes ?? [], (s) => `${s.prefix}=>${s.nextHop}`), keyed(v.staticRoutes, (s) => `${s.prefix}=>${s.nextHop}`));
    compareLists(push, 'vrf-neighbor', v.name, keyed(before?.neighbors ?? [], (n) => n.peer), keyed(v.neighbors, (n) => n.peer));
    compareLists(push, 'vrf-network', v.name, keyed(before?.networks ?? [], (n) => n), keyed(v.networks, (n) => n));
    compareLists(push, 'vrf-aggregate', v.name, keyed(before?.aggregates ?? [], (a) => a.prefix), keyed(v.aggregates, (a) => a.prefix));
  }
  for (const [name, v] of rVrfs) if (!d.vrfs.some((x) => x.name === name)) removeVrf(push, v);

  const bdScalars = (b: DeviceIntent['bridgeDomains'][number]) => ({
    l2Vni: b.l2Vni,
    description: b.description,
    routeDistinguisher: b.routeDistinguisher,
    arpSuppression: b.arpSuppression,
    vrf: b.vrf ?? null,
    gateway: b.gateway ?? null,
  });
  const rBds = keyed(r?.bridgeDomains ?? [], (b) => String(b.id)) as Map<string, DeviceIntent['bridgeDomains'][number]>;
  for (const b of d.bridgeDomains) {
    const before = rBds.get(String(b.id));
    const id = String(b.id);
    if (!before || !same(bdScalars(before), bdScalars(b))) push({ section: 'bridge-domain', key: id, op: before ? 'modify' : 'add', before: before && bdScalars(before), after: bdScalars(b) });
    const rts = (x?: typeof b) => keyed([...(x?.importRouteTargets ?? []).map((t) => `import:${t}`), ...(x?.exportRouteTargets ?? []).map((t) => `export:${t}`)], (k) => k);
    compareLists(push, 'bd-route-target', id, rts(before), rts(b));
    compareLists(push, 'bd-attachment', id, keyed(before?.attachments ?? [], (a) => `${a.interface}.${a.vlan}`), keyed(b.attachments, (a) => `${a.interface}.${a.vlan}`));
  }
  for (const [id, b] of rBds) {
    if (d.bridgeDomains.some((x) => String(x.id) === id)) continue;
    for (const a of b.attachments) push({ section: 'bd-attachment', parent: id, key: `${a.interface}.${a.vlan}`, op: 'remove', before: a });
    push({ section: 'bridge-domain', key: id, op: 'remove', before: bdScalars(b) });
  }

  const rAcls = keyed(r?.acls ?? [], (a) => a.name) as Map<string, DeviceIntent['acls'][number]>;
  for (const a of d.acls) {
    const before = rAcls.get(a.name);
    if (!before) push({ section: 'acl', key: a.name, op: 'add', after: { name: a.name } });
    compareLists(push, 'acl-rule', a.name, keyed(before?.rules ?? [], (x) => String(x.sequence)), keyed(a.rules, (x) => String(x.sequence)));
    compareLists(push, 'acl-binding', a.name, keyed(before?.bindings ?? [], (x) => `${x.bridgeDomain}/${x.direction}`), keyed(a.bindings, (x) => `${x.bridgeDomain}/${x.direction}`));
  }
  for (const [name, a] of rAcls) {
    if (d.acls.some((x) => x.name === name)) continue;
    for (const b of a.bindings) push({ section: 'acl-binding', parent: name, key: `${b.bridgeDomain}/${b.direction}`, op: 'remove', before: b });
    push({ section: 'acl', key: name, op: 'remove', before: { name } });
  }

  const rNat = keyed(r?.nat ?? [], (n) => n.vrf) as Map<string, DeviceIntent['nat'][number]>;
  for (const n of d.nat) {
    const before = rNat.get(n.vrf);
    if (!before) push({ section: 'nat', key: n.vrf, op: 'add', after: { vrf: n.vrf } });
    compareLists(push, 'nat-snat-pool', n.vrf, keyed(before?.snatPools ?? [], (p) => p), keyed(n.snatPools, (p) => p));
    compareLists(push, 'nat-static', n.vrf, keyed(before?.staticNat ?? [], (s) => s.public), keyed(n.staticNat, (s) => s.public));
  }
  for (const [vrf, n] of rNat) {
    if (d.nat.some((x) => x.vrf === vrf)) continue;
    for (const s of n.staticNat) push({ section: 'nat-static', parent: vrf, key: s.public, op: 'remove', before: s });
    for (const p of n.snatPools) push({ section: 'nat-snat-pool', parent: vrf, key: p, op: 'remove', before: p });
    push({ section: 'nat', key: vrf, op: 'remove', before: { vrf } });
  }

  return order(out);
}

function compareLists(push: (c: IntentChange) => void, section: Section, parent: string | undefined, before: Keyed, after: Keyed): void {
  const p = parent === undefined ? {} : { parent };
  for (const [key, b] of before) if (!after.has(key)) push({ section, ...p, key, op: 'remove', before: b });
  for (const [key, a] of after) {
    const b = before.get(key);
    if (b === undefined) push({ section, ...p, key, op: 'add', after: a });
    else if (!same(a, b)) push({ section, ...p, key, op: 'modify', before: b, after: a });
  }
}

function removeVrf(push: (c: IntentChange) => void, v: DeviceIntent['vrfs'][number]): void {
  for (const n of v.neighbors) push({ section: 'vrf-neighbor', parent: v.name, key: n.peer, op: 'remove', before: n });
  for (const n of v.networks) push({ section: 'vrf-network', parent: v.name, key: n, op: 'remove', before: n });
  for (const a of v.aggregates) push({ section: 'vrf-aggregate', parent: v.name, key: a.prefix, op: 'remove', before: a });
  for (const s of v.staticRoutes) push({ section: 'vrf-static-route', parent: v.name, key: `${s.prefix}=>${s.nextHop}`, op: 'remove', before: s });
  push({ section: 'vrf', key: v.name, op: 'remove', before: { l3Vni: v.l3Vni, routeDistinguisher: v.routeDistinguisher } });
}

/** Removals deepest-first, then additions/modifications shallowest-first; stable otherwise. */
function order(changes: IntentChange[]): IntentChange[] {
  const indexed = changes.map((c, i) => ({ c, i }));
  const removals = indexed.filter((x) => x.c.op === 'remove').sort((a, b) => DEPTH[b.c.section] - DEPTH[a.c.section] || a.i - b.i);
  const rest = indexed.filter((x) => x.c.op !== 'remove').sort((a, b) => DEPTH[a.c.section] - DEPTH[b.c.section] || a.i - b.i);
  return [...removals, ...rest].map((x) => x.c);
}
