import type { DeviceIntent, VrfIntent } from '../device-intent.js';
import type { SnapshotContainerNode, SnapshotDevice } from '../snapshot.js';
import type { FabricIndex } from './fabric-index.js';

export const UPLINK = 'uplink0';

const host = (ip: string) => (ip.includes(':') ? `${ip}/128` : `${ip}/32`);

/**
 * The virtual switch of an l3-route container node: per VPC with pods here, a VRF peering its leaf
 * and originating the pods' routes. Route suppression off: one /32 per pod. On: the node's blocks
 * as summary-only aggregates, which hide the /32s inside them, while pods outside the blocks
 * (fixed IPs that moved here) stay visible as /32 exceptions — nothing is blackholed.
 */
export function compileVswitch(ix: FabricIndex, node: SnapshotContainerNode, device: SnapshotDevice | undefined): DeviceIntent {
  const leaf = ix.devices.get(node.leafDeviceId);
  const asn = node.asn ?? device?.asn ?? 0;
  const routerId = device?.loopbackIp ?? node.peerIp ?? '0.0.0.0';
  const byVpc = new Map<string, string[]>();
  for (const p of ix.portsByNode.get(node.id) ?? []) {
    const list = byVpc.get(p.vpcId) ?? [];
    list.push(host(p.ip));
    byVpc.set(p.vpcId, list);
  }
  const vrfs: VrfIntent[] = [];
  for (const [vpcId, pods] of byVpc) {
    const vpc = ix.vpcs.get(vpcId);
    if (!vpc || vpc.attachmentMode !== 'l3-route') continue;
    const blocks = vpc.routeSuppression ? (ix.blocksByNode.get(node.id) ?? []).filter((b) => b.vpcId === vpcId) : [];
    vrfs.push({
      name: vpc.vrfName,
      l3Vni: vpc.l3Vni,
      routeDistinguisher: vpc.routeDistinguisher,
      importRouteTargets: [],
      exportRouteTargets: [],
      staticRoutes: [],
      neighbors: leaf ? [{ peer: UPLINK, remoteAs: leaf.asn, description: leaf.name, addressFamilies: ['ipv4-unicast'] }] : [],
      networks: pods,
      aggregates: blocks.map((b) => ({ prefix: b.cidr, summaryOnly: true })),
      advertiseIpv4Unicast: false,
    });
  }
  return {
    device: node.name,
    role: 'vswitch',
    routerId,
    asn,
    // The node speaks eBGP to its leaf whatever the fabric's underlay: no OSPF on a vswitch.
    underlay: { protocol: 'ebgp' },
    interfaces: [{ name: UPLINK, description: `to ${leaf?.name ?? node.leafDeviceId} ${node.leafInterface}`, role: 'fabric', mtu: 9000 }],
    bgp: { asn, routerId, neighbors: [], networks: [] },
    vrfs,
    bridgeDomains: [],
    acls: [],
    nat: [],
  };
}
