import type { BridgeDomainAttachment, BridgeDomainIntent } from '#intent';
import { NVE } from './fragments-device.js';
import { line, view, type Fragment } from './fragment.js';
import { lengthToMask, macToCe } from './ipv4.js';

export const bridgeDomainView = (id: number) => `bridge-domain ${id}`;
export const vbdifName = (id: number) => `Vbdif${id}`;
/** L2 sub-interfaces are numbered after their VLAN: `10GE1/0/3.100` carries VLAN 100. */
export const subinterfaceName = (a: BridgeDomainAttachment) => `${a.interface}.${a.vlan}`;
const EVPN_INSTANCE = 'evpn';

/**
 * A logical switch: the bridge domain with its L2 VNI and EVPN instance (RD; route targets are
 * their own entities), the head-end replication list learnt through BGP on the NVE interface, and
 * the distributed anycast gateway on `interface Vbdif<id>` when it routes.
 */
export function bridgeDomainFragments(bd: BridgeDomainIntent): Fragment[] {
  const b = bridgeDomainView(bd.id);
  const out: Fragment[] = [view([], b)];
  if (bd.description) out.push(line([b], `description ${bd.description}`));
  out.push(line([b], `vxlan vni ${bd.l2Vni}`));
  if (bd.arpSuppression) out.push(line([b], 'arp broadcast-suppress enable'));
  out.push(view([b], EVPN_INSTANCE), line([b, EVPN_INSTANCE], `route-distinguisher ${bd.routeDistinguisher}`));
  if (bd.vrf || bd.gateway) {
    const vbdif = `interface ${vbdifName(bd.id)}`;
    out.push(view([], vbdif));
    if (bd.vrf) out.push(line([vbdif], `ip binding vpn-instance ${bd.vrf}`));
    if (bd.gateway) {
      const g = bd.gateway;
      // Binding a VPN instance clears the interface's address: re-send it when the binding changes.
      out.push(line([vbdif], `ip address ${g.ip} ${lengthToMask(g.prefixLength)}`, { tag: `vrf=${bd.vrf ?? ''}` }));
      // `arp collect host enable`: hosts learnt by ARP become EVPN IRB routes (distributed gateway).
      out.push(line([vbdif], `mac-address ${macToCe(g.mac)}`), line([vbdif], 'vxlan anycast-gateway enable'), line([vbdif], 'arp collect host enable'));
    }
  }
  out.push(line([`interface ${NVE}`], `vni ${bd.l2Vni} head-end peer-list protocol bgp`));
  return out;
}

/** EVPN route targets of a bridge domain (type-2/type-3 routes). */
export const bdRouteTargetFragments = (bd: BridgeDomainIntent, direction: 'import' | 'export', rt: string): Fragment[] => [
  line([bridgeDomainView(bd.id), EVPN_INSTANCE], `vpn-target ${rt} ${direction}-extcommunity`),
];

/** A VLAN on an access port mapped into the bridge domain: a dot1q L2 sub-interface. */
export function bdAttachmentFragments(bd: BridgeDomainIntent, a: BridgeDomainAttachment): Fragment[] {
  const sub = `interface ${subinterfaceName(a)} mode l2`;
  return [view([], sub), line([sub], `encapsulation dot1q vid ${a.vlan}`), line([sub], `bridge-domain ${bd.id}`)];
}
