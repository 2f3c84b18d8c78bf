import type { AclIntent, BridgeDomainIntent, InterfaceIntent, NatIntent, VrfIntent } from '../device-intent.js';
import type { SnapshotContainerNode, SnapshotDevice, SnapshotPort, SnapshotVpc } from '../snapshot.js';
import { compilePolicies } from './acl.js';
import type { FabricIndex } from './fabric-index.js';
import { ACCESS_MTU } from './underlay.js';

export interface TenantConfig {
  interfaces: InterfaceIntent[];
  vrfs: VrfIntent[];
  bridgeDomains: BridgeDomainIntent[];
  acls: AclIntent[];
  nat: NatIntent[];
}

const prefixLength = (cidr: string) => Number(cidr.slice(cidr.indexOf('/') + 1));

/**
 * What a leaf carries for tenants, scoped to what its ports need: the VRF of every VPC with a port
 * (or, on a border leaf, an external gateway) here, the bridge domain of every logical switch with
 * an L2-attached port here, BGP sessions with the l3-route container nodes cabled here, and the
 * ACLs of the policies that select local ports.
 */
export function compileTenants(ix: FabricIndex, leaf: SnapshotDevice): TenantConfig {
  const ports = ix.portsByLeaf.get(leaf.id) ?? [];
  const gateways = leaf.role === 'border-leaf' ? (ix.gatewaysByBorderLeaf.get(leaf.id) ?? []) : [];
  const vpcIds = new Set<string>([...ports.map((p) => p.vpcId), ...gateways.map((g) => g.vpcId)]);

  const interfaces = new Map<string, InterfaceIntent>();
  for (const n of ix.nodesByLeaf.get(leaf.id) ?? []) {
    interfaces.set(n.leafInterface, { name: n.leafInterface, description: `container node ${n.name}`, role: 'access', mtu: ACCESS_MTU });
  }

  const bridgeDomains = new Map<string, BridgeDomainIntent>();
  const bdOfPort = new Map<string, number>();
  // The l3-route nodes here with pods in each VPC: the VRF's BGP peers.
  const routedNodes = new Map<string, Map<string, SnapshotContainerNode>>();
  for (const p of ports) {
    const at = ix.placement(p);
    if (at?.node && at.node.mode === 'l3-route') {
      const nodes = routedNodes.get(p.vpcId) ?? new Map<string, SnapshotContainerNode>();
      nodes.set(at.node.id, at.node);
      routedNodes.set(p.vpcId, nodes);
    }
    if (!at || p.vlan === null || (at.node && at.node.mode !== 'l2-bridge')) continue;
    if (!interfaces.has(at.interface)) interfaces.set(at.interface, { name: at.interface, description: 'access', role: 'access', mtu: ACCESS_MTU });
    const ls = ix.switches.get(p.logicalSwitchId);
    const vpc = ix.vpcs.get(p.vpcId);
    if (!ls || !vpc) continue;
    let bd = bridgeDomains.get(ls.id);
    if (!bd) {
      bd = {
        id: ls.l2Vni,
        l2Vni: ls.l2Vni,
        description: `${vpc.name}/${ls.name}`,
        routeDistinguisher: ls.routeDistinguisher,
        importRouteTargets: ls.importRouteTargets,
        exportRouteTargets: ls.exportRouteTargets,
        arpSuppression: ls.arpSuppression,
        vrf: vpc.vrfName,
        gateway: { ip: ls.gatewayIp, prefixLength: prefixLength(ls.subnet), mac: ls.gatewayMac },
        attachments: [],
      };
      bridgeDomains.set(ls.id, bd);
    }
    bd.attachments.push({ interface: at.interface, vlan: p.vlan });
    bdOfPort.set(p.id, ls.l2Vni);
  }

  const vrfs: VrfIntent[] = [];
  const acls: AclIntent[] = [];
  for (const vpcId of vpcIds) {
    const vpc = ix.vpcs.get(vpcId);
    if (!vpc) continue;
    vrfs.push(compileVrf(ix, vpc, [...(routedNodes.get(vpcId)?.values() ?? [])], gateways.some((g) => g.vpcId === vpcId)));
    const local = ports.filter((p) => p.vpcId === vpcId);
    const policies = ix.policiesByVpc.get(vpcId) ?? [];
    if (policies.length) acls.push(...compilePolicies(vpc, policies, local, ix.portsByVpc.get(vpcId) ?? [], (p: SnapshotPort) => bdOfPort.get(p.id)));
  }

  const nat: NatIntent[] = gateways.map((g) => {
    const vpc = ix.vpcs.get(g.vpcId) as SnapshotVpc;
    return {
      vrf: vpc.vrfName,
      snatPools: g.snatPool,
      staticNat: g.elasticIps.flatMap((e) => {
        const port = ix.ports.get(e.portId);
        return port ? [{ public: e.ip, private: port.ip }] : [];
      }),
    };
  });

  return { interfaces: [...interfaces.values()], vrfs, bridgeDomains: [...bridgeDomains.values()], acls, nat };
}

function compileVrf(ix: FabricIndex, vpc: SnapshotVpc, routedNodes: SnapshotContainerNode[], external: boolean): VrfIntent {
  // Interconnection = route leaking by RT import: this VRF also imports each peer VPC's exports.
  const leaked = ix.interconnectedVpcs(vpc.id).flatMap((peer) => peer.exportRouteTargets);
  const neighbors = routedNodes.map((n) => ({
      peer: n.leafInterface,
      remoteAs: n.asn ?? ('external' as const),
      description: `container node ${n.name}`,
      addressFamilies: ['ipv4-unicast' as const],
    }));
  return {
    name: vpc.vrfName,
    l3Vni: vpc.l3Vni,
    routeDistinguisher: vpc.routeDistinguisher,
    importRouteTargets: [...vpc.importRouteTargets, ...leaked],
    exportRouteTargets: vpc.exportRouteTargets,
    staticRoutes: ix.routerByVpc.get(vpc.id)?.staticRoutes ?? [],
    neighbors,
    networks: [],
    aggregates: [],
    advertiseIpv4Unicast: true,
    ...(external ? { defaultRouteToExternal: true as const } : {}),
  };
}
