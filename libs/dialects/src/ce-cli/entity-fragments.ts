import type { DeviceIntent } from '#intent';
import type { Section } from '../intent-diff.js';
import { aclBindingFragments, aclFragments, aclRuleFragments } from './fragments-acl.js';
import { bgpFragments, bgpNeighborFragments, bgpNetworkFragments } from './fragments-bgp.js';
import { bdAttachmentFragments, bdRouteTargetFragments, bridgeDomainFragments } from './fragments-bridge-domain.js';
import { deviceFragments, interfaceFragments } from './fragments-device.js';
import { natFragments, natPoolFragments, natStaticFragments } from './fragments-nat.js';
import { vrfAggregateFragments, vrfFragments, vrfNeighborFragments, vrfNetworkFragments, vrfRouteTargetFragments, vrfStaticRouteFragments } from './fragments-vrf.js';
import type { Fragment } from './fragment.js';

/** One entity of an intent, named as `diffIntent` names it (section, parent key, key). */
export interface EntityRef {
  section: Section;
  parent?: string;
  key: string;
}

export const entityId = (e: EntityRef) => `${e.section}|${e.parent ?? ''}|${e.key}`;

const rtKeys = (x: { importRouteTargets: string[]; exportRouteTargets: string[] }) => [
  ...x.exportRouteTargets.map((t) => `export:${t}`),
  ...x.importRouteTargets.map((t) => `import:${t}`),
];

/** Every entity of a canonical intent, in render order (parents before children). */
export function entitiesOf(i: DeviceIntent): EntityRef[] {
  const out: EntityRef[] = [{ section: 'device', key: i.device }];
  for (const x of i.interfaces) out.push({ section: 'interface', key: x.name });
  out.push({ section: 'bgp', key: String(i.bgp.asn) });
  for (const n of i.bgp.networks) out.push({ section: 'bgp-network', key: n });
  for (const n of i.bgp.neighbors) out.push({ section: 'bgp-neighbor', key: n.peer });
  for (const v of i.vrfs) {
    const parent = v.name;
    out.push({ section: 'vrf', key: v.name });
    for (const k of rtKeys(v)) out.push({ section: 'vrf-route-target', parent, key: k });
    for (const n of v.networks) out.push({ section: 'vrf-network', parent, key: n });
    for (const a of v.aggregates) out.push({ section: 'vrf-aggregate', parent, key: a.prefix });
    for (const n of v.neighbors) out.push({ section: 'vrf-neighbor', parent, key: n.peer });
    for (const s of v.staticRoutes) out.push({ section: 'vrf-static-route', parent, key: `${s.prefix}=>${s.nextHop}` });
  }
  for (const b of i.bridgeDomains) {
    const parent = String(b.id);
    out.push({ section: 'bridge-domain', key: parent });
    for (const k of rtKeys(b)) out.push({ section: 'bd-route-target', parent, key: k });
    for (const a of b.attachments) out.push({ section: 'bd-attachment', parent, key: `${a.interface}.${a.vlan}` });
  }
  for (const a of i.acls) {
    out.push({ section: 'acl', key: a.name });
    for (const r of a.rules) out.push({ section: 'acl-rule', parent: a.name, key: String(r.sequence) });
    for (const b of a.bindings) out.push({ section: 'acl-binding', parent: a.name, key: `${b.bridgeDomain}/${b.direction}` });
  }
  for (const n of i.nat) {
    out.push({ section: 'nat', key: n.vrf });
    for (const p of n.snatPools) out.push({ section: 'nat-snat-pool', parent: n.vrf, key: p });
    for (const s of n.staticNat) out.push({ section: 'nat-static', parent: n.vrf, key: s.public });
  }
  return out;
}

const splitRt = (key: string) => {
  const i = key.indexOf(':');
  return { direction: key.slice(0, i) as 'import' | 'export', rt: key.slice(i + 1) };
};
const hasRt = (x: { importRouteTargets: string[]; exportRouteTargets: string[] }, key: string) => {
  const { direction, rt } = splitRt(key);
  return (direction === 'import' ? x.importRouteTargets : x.exportRouteTargets).includes(rt);
};

/** The fragments of one entity as the given intent renders it; [] when the intent lacks it. */
export function fragmentsOf(i: DeviceIntent | null, e: EntityRef): Fragment[] {
  if (!i) return [];
  const { key, parent } = e;
  const vrf = i.vrfs.find((v) => v.name === parent);
  const bd = i.bridgeDomains.find((b) => String(b.id) === parent);
  const acl = i.acls.find((a) => a.name === parent);
  const nat = i.nat.find((n) => n.vrf === parent);
  const maybe = <T>(x: T | undefined, f: (x: T) => Fragment[]) => (x === undefined ? [] : f(x));
  switch (e.section) {
    case 'device':
      return deviceFragments(i);
    case 'interface':
      return maybe(i.interfaces.find((x) => x.name === key), (x) => interfaceFragments(i, x));
    case 'bgp':
      return bgpFragments(i);
    case 'bgp-network':
      return i.bgp.networks.includes(key) ? bgpNetworkFragments(i, key) : [];
    case 'bgp-neighbor':
      return maybe(i.bgp.neighbors.find((n) => n.peer === key), (n) => bgpNeighborFragments(i, n));
    case 'vrf':
      return maybe(i.vrfs.find((v) => v.name === key), (v) => vrfFragments(i, v));
    case 'vrf-route-target':
      return vrf && hasRt(vrf, key) ? vrfRouteTargetFragments(vrf, splitRt(key).direction, splitRt(key).rt) : [];
    case 'vrf-network':
      return vrf?.networks.includes(key) ? vrfNetworkFragments(i, vrf, key) : [];
    case 'vrf-aggregate':
      return maybe(vrf?.aggregates.find((a) => a.prefix === key), (a) => vrfAggregateFragments(i, vrf!, a));
    case 'vrf-neighbor':
      return maybe(vrf?.neighbors.find((n) => n.peer === key), (n) => vrfNeighborFragments(i, vrf!, n));
    case 'vrf-static-route':
      return maybe(vrf?.staticRoutes.find((s) => `${s.prefix}=>${s.nextHop}` === key), (s) => vrfStaticRouteFragments(vrf!, s));
    case 'bridge-domain':
      return maybe(i.bridgeDomains.find((b) => String(b.id) === key), bridgeDomainFragments);
    case 'bd-route-target':
      return bd && hasRt(bd, key) ? bdRouteTargetFragments(bd, splitRt(key).direction, splitRt(key).rt) : [];
    case 'bd-attachment':
      return maybe(bd?.attachments.find((a) => `${a.interface}.${a.vlan}` === key), (a) => bdAttachmentFragments(bd!, a));
    case 'acl':
      return maybe(i.acls.find((a) => a.name === key), aclFragments);
    case 'acl-rule':
      return maybe(acl?.rules.find((r) => String(r.sequence) === key), (r) => aclRuleFragments(acl!, r));
    case 'acl-binding':
      return maybe(acl?.bindings.find((b) => `${b.bridgeDomain}/${b.direction}` === key), (b) => aclBindingFragments(acl!, b));
    case 'nat':
      return maybe(i.nat.find((n) => n.vrf === key), natFragments);
    case 'nat-snat-pool':
      return nat?.snatPools.includes(key) ? natPoolFragments(nat, key) : [];
    case 'nat-static':
      return maybe(nat?.staticNat.find((s) => s.public === key), (s) => natStaticFragments(nat!, s));
  }
}

/** The whole configuration of a canonical intent as fragments, in render order. */
export const allFragments = (i: DeviceIntent): Fragment[] => entitiesOf(i).flatMap((e) => fragmentsOf(i, e));
