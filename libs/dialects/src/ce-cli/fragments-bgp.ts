import type { BgpNeighborIntent, DeviceIntent } from '#intent';
import { line, view, type Fragment } from './fragment.js';
import { prefixFamily, prefixWords } from './ip-prefix.js';

export const bgpView = (i: DeviceIntent) => `bgp ${i.bgp.asn}`;
export const UNICAST = 'ipv4-family unicast';
export const EVPN = 'l2vpn-family evpn';

/**
 * The BGP process. `ipv4-family unicast` is always shown, as VRP does. Spines carry no VPN
 * instances, so they keep every EVPN route instead of filtering by route target
 * (`undo policy vpn-target`): without it a route reflector or eBGP transit spine drops them all.
 * `advertise-all-vni` is a Spinel emulated-switch extension (FRR's `advertise-all-vni`): it stands
 * for what a CE leaf does implicitly, advertising type-2/type-3 routes of every EVPN-enabled
 * bridge domain.
 */
export function bgpFragments(i: DeviceIntent): Fragment[] {
  const b = bgpView(i);
  const out: Fragment[] = [view([], b), line([b], `router-id ${i.bgp.routerId}`), view([b], UNICAST)];
  if (i.role === 'spine') out.push(line([b, EVPN], 'undo policy vpn-target'));
  if (i.bgp.advertiseAllVni) out.push(line([b, EVPN], 'advertise-all-vni'));
  return out;
}

export const UNICAST6 = 'ipv6-family unicast';
export const bgpNetworkFragments = (i: DeviceIntent, prefix: string): Fragment[] => [line([bgpView(i), prefixFamily(prefix) === 6 ? UNICAST6 : UNICAST], `network ${prefixWords(prefix)}`)];

/**
 * A fabric session. An unnumbered session names the interface where VRP expects an address
 * (`peer 10GE1/0/49 as-number external`): CE has no literal unnumbered syntax, Spinel's emulated
 * switches accept it (FRR `neighbor <ifname> interface remote-as external`). `external` and
 * `internal` are likewise written where the AS number would be. On EVPN sessions a leaf advertises
 * IRB routes (symmetric IRB) and an eBGP spine leaves the next hop unchanged, so that tunnels end
 * on the leaves.
 */
export function bgpNeighborFragments(i: DeviceIntent, n: BgpNeighborIntent): Fragment[] {
  const b = bgpView(i);
  const out = peerLines([b], n);
  if (n.updateSource) out.push(line([b], `peer ${n.peer} connect-interface ${n.updateSource}`));
  if (n.addressFamilies.includes('ipv4-unicast')) out.push(line([b, UNICAST], `peer ${n.peer} enable`));
  if (n.addressFamilies.includes('l2vpn-evpn')) {
    out.push(line([b, EVPN], `peer ${n.peer} enable`));
    // Leaves: symmetric IRB (type-2 routes carry the L3 VNI). eBGP spines: keep the leaf as next hop.
    if (i.role === 'leaf' || i.role === 'border-leaf') out.push(line([b, EVPN], `peer ${n.peer} advertise irb`));
    if (i.role === 'spine' && n.remoteAs !== 'internal' && n.remoteAs !== i.bgp.asn) out.push(line([b, EVPN], `peer ${n.peer} next-hop-invariable`));
  }
  if (n.routeReflectorClient) out.push(line([b, EVPN], `peer ${n.peer} reflect-client`));
  return out;
}

/** `peer X as-number` creates the peer (its undo, `undo peer X`, deletes it everywhere) and its description. */
export function peerLines(at: readonly string[], n: BgpNeighborIntent): Fragment[] {
  const out = [line(at, `peer ${n.peer} as-number ${n.remoteAs}`, { removesEntity: true })];
  if (n.description) out.push(line(at, `peer ${n.peer} description ${n.description}`));
  return out;
}
