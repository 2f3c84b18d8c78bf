import type { AggregateIntent, BgpNeighborIntent, DeviceIntent, StaticRouteIntent, VrfIntent } from '#intent';
import { bgpView, peerLines } from './fragments-bgp.js';
import { line, view, type Fragment } from './fragment.js';
import { prefixFamily, prefixWords } from './ip-prefix.js';

export const vpnInstanceView = (v: { name: string }) => `ip vpn-instance ${v.name}`;
export const vpnFamilyView = (i: DeviceIntent, vrf: string) => [bgpView(i), `ipv4-family vpn-instance ${vrf}`];
/** Where an IPv4 or IPv6 prefix of the VRF is originated. */
const familyViewOf = (i: DeviceIntent, vrf: string, prefix: string) => [bgpView(i), `ipv${prefixFamily(prefix)}-family vpn-instance ${vrf}`];
const IPV4_FAMILY = 'ipv4-family';
const IPV6_FAMILY = 'ipv6-family';

const hasIpv6 = (v: VrfIntent) => [...v.staticRoutes.map((r) => r.prefix), ...v.networks, ...v.aggregates.map((a) => a.prefix)].some((p) => p.includes(':'));

/** Next hop of the default route towards the outside: the border leaf's public (global) table. */
export const PUBLIC_NEXT_HOP = 'public';
export const DEFAULT_ROUTE = '0.0.0.0 0.0.0.0';

/**
 * A VPC's VRF: the VPN instance with its RD and L3 VNI, and its BGP address family. Type-5
 * advertisement is `advertise l2vpn evpn`. A default route towards the outside (border leaves) is
 * a static default whose next hop is the public network instance (`… 0.0.0.0 0.0.0.0 public`, a
 * Spinel extension of VRP's `<next-hop> public`: the outside is wherever the border leaf's global
 * table routes, after NAT), originated into the VRF's BGP with `network 0.0.0.0 0.0.0.0` so that
 * every leaf of the VPC learns it as a type-5 route. A VRF with IPv6 static routes or prefixes is
 * dual-stack: an `ipv6-family` with the same RD in the VPN instance and in BGP; EVPN route targets
 * and type-5 advertisement stay IPv4 (`advertiseIpv4Unicast`).
 */
export function vrfFragments(i: DeviceIntent, v: VrfIntent): Fragment[] {
  const vi = vpnInstanceView(v);
  const family = vpnFamilyView(i, v.name);
  const out: Fragment[] = [view([], vi), view([vi], IPV4_FAMILY), line([vi, IPV4_FAMILY], `route-distinguisher ${v.routeDistinguisher}`)];
  if (hasIpv6(v)) out.push(view([vi], IPV6_FAMILY), line([vi, IPV6_FAMILY], `route-distinguisher ${v.routeDistinguisher}`));
  out.push(line([vi], `vxlan vni ${v.l3Vni}`), view([bgpView(i)], family[1]!));
  if (hasIpv6(v)) out.push(view([bgpView(i)], `ipv6-family vpn-instance ${v.name}`));
  if (v.advertiseIpv4Unicast) out.push(line(family, 'advertise l2vpn evpn'));
  if (v.defaultRouteToExternal) out.push(line(family, `network ${DEFAULT_ROUTE}`), line([], `ip route-static vpn-instance ${v.name} ${DEFAULT_ROUTE} ${PUBLIC_NEXT_HOP}`));
  return out;
}

/** EVPN route targets of a VRF (`evpn`: the ones carried by type-5 routes). */
export const vrfRouteTargetFragments = (v: VrfIntent, direction: 'import' | 'export', rt: string): Fragment[] => [
  line([vpnInstanceView(v), IPV4_FAMILY], `vpn-target ${rt} ${direction}-extcommunity evpn`),
];

/** `ip route-static vpn-instance …`, or `ipv6 route-static vpn-instance <vrf> <address> <length> <next hop>`. */
export const vrfStaticRouteFragments = (v: VrfIntent, r: StaticRouteIntent): Fragment[] => [
  line([], `${prefixFamily(r.prefix) === 6 ? 'ipv6' : 'ip'} route-static vpn-instance ${v.name} ${prefixWords(r.prefix)} ${r.nextHop}`),
];

export const vrfNetworkFragments = (i: DeviceIntent, v: VrfIntent, prefix: string): Fragment[] => [line(familyViewOf(i, v.name, prefix), `network ${prefixWords(prefix)}`)];

/** `detail-suppressed`: advertise only the aggregate (route suppression on). */
export const vrfAggregateFragments = (i: DeviceIntent, v: VrfIntent, a: AggregateIntent): Fragment[] => [
  line(familyViewOf(i, v.name, a.prefix), `aggregate ${prefixWords(a.prefix)}${a.summaryOnly ? ' detail-suppressed' : ''}`),
];

/** A session inside the VRF (leaf ↔ container node); `peer X enable` spelled out for IPv4 unicast. */
export function vrfNeighborFragments(i: DeviceIntent, v: VrfIntent, n: BgpNeighborIntent): Fragment[] {
  const at = vpnFamilyView(i, v.name);
  const out = peerLines(at, n);
  if (n.updateSource) out.push(line(at, `peer ${n.peer} connect-interface ${n.updateSource}`));
  if (n.addressFamilies.includes('ipv4-unicast')) out.push(line(at, `peer ${n.peer} enable`));
  if (n.routeReflectorClient) out.push(line(at, `peer ${n.peer} reflect-client`));
  return out;
}
