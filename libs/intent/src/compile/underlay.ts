import type { BgpNeighborIntent, InterfaceIntent } from '../device-intent.js';
import type { SnapshotDevice } from '../snapshot.js';
import type { FabricIndex } from './fabric-index.js';

export const FABRIC_MTU = 9000;
export const ACCESS_MTU = 9000;
export const LOOPBACK = 'LoopBack0';

const isLeaf = (d: SnapshotDevice) => d.role === 'leaf' || d.role === 'border-leaf';

/** The device's cabled interfaces: to which switch and port each one leads. */
export function fabricInterfaces(ix: FabricIndex, d: SnapshotDevice): InterfaceIntent[] {
  const out: InterfaceIntent[] = [];
  for (const l of ix.linksByDevice.get(d.id) ?? []) {
    const ends = l.aDeviceId === d.id ? [[l.aInterface, l.bDeviceId, l.bInterface]] : [];
    if (l.bDeviceId === d.id) ends.push([l.bInterface, l.aDeviceId, l.aInterface]);
    for (const [local, peerId, remote] of ends as [string, string, string][]) {
      const peer = ix.devices.get(peerId);
      out.push({ name: local, description: `to ${peer?.name ?? peerId} ${remote}`, role: 'fabric', mtu: FABRIC_MTU });
    }
  }
  return out;
}

/**
 * Fabric BGP sessions. eBGP: one unnumbered session per cabled interface carrying IPv4 (loopbacks)
 * and EVPN. iBGP: loopback sessions from every leaf to every spine, spines reflecting EVPN routes.
 */
export function fabricNeighbors(ix: FabricIndex, d: SnapshotDevice): BgpNeighborIntent[] {
  if (ix.snapshot.fabric.underlayProtocol === 'ebgp') {
    return fabricInterfaces(ix, d).map((i) => ({
      peer: i.name,
      remoteAs: 'external' as const,
      description: i.description.replace(/^to /, ''),
      addressFamilies: ['ipv4-unicast', 'l2vpn-evpn'],
    }));
  }
  if (d.role === 'spine') {
    return [...ix.devices.values()].filter(isLeaf).map((leaf) => ({
      peer: leaf.loopbackIp,
      remoteAs: leaf.asn,
      description: leaf.name,
      addressFamilies: ['l2vpn-evpn'],
      routeReflectorClient: true as const,
      updateSource: LOOPBACK,
    }));
  }
  if (!isLeaf(d)) return [];
  return [...ix.devices.values()]
    .filter((s) => s.role === 'spine')
    .map((spine) => ({ peer: spine.loopbackIp, remoteAs: spine.asn, description: spine.name, addressFamilies: ['l2vpn-evpn'], updateSource: LOOPBACK }));
}
