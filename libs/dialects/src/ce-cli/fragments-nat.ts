import type { NatIntent } from '#intent';
import { line, view, type Fragment } from './fragment.js';
import { lastAddress, splitPrefix } from './ipv4.js';

/**
 * NAT on a border leaf, one `nat instance <vrf>` per VRF (modelled on VRP's CGN `nat instance`
 * view). Each SNAT pool is an address group named after its prefix, `snat-<address>-<length>`
 * (a name that does not move when other pools come and go), covering the prefix from its first to
 * its last address, plus `nat outbound vpn-instance <vrf> address-group <group>`: traffic leaving
 * the VRF towards the outside is source-NATed into that group. An elastic IP is
 * `nat static global <public> inside <private> vpn-instance <vrf>`.
 */
export const natView = (n: { vrf: string }) => `nat instance ${n.vrf}`;

export const natFragments = (n: NatIntent): Fragment[] => [view([], natView(n))];

export function snatGroupName(pool: string): string {
  const p = splitPrefix(pool)!;
  return `snat-${p.address}-${p.length}`;
}

export function natPoolFragments(n: NatIntent, pool: string): Fragment[] {
  const p = splitPrefix(pool)!;
  const group = snatGroupName(pool);
  return [
    line([natView(n)], `nat address-group ${group} ${p.address} ${lastAddress(p)}`),
    line([natView(n)], `nat outbound vpn-instance ${n.vrf} address-group ${group}`),
  ];
}

export const natStaticFragments = (n: NatIntent, s: NatIntent['staticNat'][number]): Fragment[] => [
  line([natView(n)], `nat static global ${s.public} inside ${s.private} vpn-instance ${n.vrf}`),
];
