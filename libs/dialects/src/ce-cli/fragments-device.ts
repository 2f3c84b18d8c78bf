import type { DeviceIntent, InterfaceIntent } from '#intent';
import { line, view, type Fragment } from './fragment.js';
import { lengthToMask } from './ipv4.js';

/** OSPF process and area of the iBGP underlay (loopback reachability). */
export const OSPF_PROCESS = 1;
export const OSPF_AREA = '0.0.0.0';
export const LOOPBACK = 'LoopBack0';
/** Holds the VTEP address when it is not the router ID: an NVE source must be a local loopback. */
export const VTEP_LOOPBACK = 'LoopBack1';
export const NVE = 'Nve1';

const HOST_MASK = lengthToMask(32);
export const ospfView = (i: DeviceIntent) => `ospf ${OSPF_PROCESS} router-id ${i.routerId}`;
export const hasVtepLoopback = (i: DeviceIntent) => !!i.vtepSource && i.vtepSource !== i.routerId;

/**
 * Device scalars: sysname, `evpn-overlay enable` (every role but the vswitch, which speaks no
 * EVPN), the loopback (router ID, BGP source, VTEP), the NVE source and, for the iBGP underlay,
 * the OSPF process announcing the loopback.
 */
export function deviceFragments(i: DeviceIntent): Fragment[] {
  const out: Fragment[] = [line([], `sysname ${i.device}`)];
  if (i.role !== 'vswitch') out.push(line([], 'evpn-overlay enable'));
  out.push(view([], `interface ${LOOPBACK}`), line([`interface ${LOOPBACK}`], `ip address ${i.routerId} ${HOST_MASK}`));
  if (hasVtepLoopback(i)) out.push(view([], `interface ${VTEP_LOOPBACK}`), line([`interface ${VTEP_LOOPBACK}`], `ip address ${i.vtepSource} ${HOST_MASK}`));
  if (i.vtepSource) out.push(line([`interface ${NVE}`], `source ${i.vtepSource}`));
  if (i.underlay.protocol === 'ibgp') {
    const area = [ospfView(i), `area ${OSPF_AREA}`];
    out.push(view([], ospfView(i)), view([ospfView(i)], area[1]!), line(area, `network ${i.routerId} 0.0.0.0`));
    if (hasVtepLoopback(i)) out.push(line(area, `network ${i.vtepSource} 0.0.0.0`));
  }
  return out;
}

/**
 * A physical port. Fabric links are routed (`undo portswitch`) and unnumbered: IPv6 link-local
 * for the eBGP underlay (RFC 5549/7938 sessions), or borrowing the loopback address with OSPF
 * point-to-point for the iBGP underlay. Access ports stay Layer 2: their VLANs are L2
 * sub-interfaces mapped to bridge domains. The port itself is never created or deleted.
 */
export function interfaceFragments(i: DeviceIntent, x: InterfaceIntent): Fragment[] {
  const at = [`interface ${x.name}`];
  const out: Fragment[] = [];
  if (x.role === 'fabric') out.push(line(at, 'undo portswitch'));
  if (x.description) out.push(line(at, `description ${x.description}`));
  out.push(line(at, `mtu ${x.mtu}`));
  if (x.role === 'fabric' && i.underlay.protocol === 'ebgp') out.push(line(at, 'ipv6 enable'), line(at, 'ipv6 address auto link-local'));
  if (x.role === 'fabric' && i.underlay.protocol === 'ibgp') {
    out.push(line(at, `ip address unnumbered interface ${LOOPBACK}`), line(at, 'ospf network-type p2p'), line(at, `ospf enable ${OSPF_PROCESS} area ${OSPF_AREA}`));
  }
  return out;
}
