import { Cidr } from '#domain';
import { FabricIndex } from './compile/fabric-index.js';
import type { FabricSnapshot, SnapshotPort, SnapshotVpc } from './snapshot.js';

export type RouteKind = 'subnet' | 'host' | 'block-aggregate' | 'exception' | 'static' | 'leaked';

export interface PlannedRoute {
  prefix: string;
  kind: RouteKind;
  /** Who originates it: a container node, a leaf (type-2 host), the router (static), a peer VPC. */
  origin: string;
}

export interface PodAddress {
  port: string;
  ip: string;
  node: string;
  /** For an exception: the node whose block covers the address, if any. */
  coveredBy?: string;
}

export interface RoutePlan {
  vpcId: string;
  vpc: string;
  suppression: boolean;
  currentSuppression: boolean;
  /** Leaves that carry the VPC's VRF, with the routes each holds in it. */
  leaves: { leaf: string; routeCount: number; byKind: Partial<Record<RouteKind, number>>; routes: PlannedRoute[] }[];
  /** Pods whose IP lies outside their node's blocks: advertised as /32 exceptions (suppression on). */
  exceptions: PodAddress[];
  /** Pods that would be unreachable with the plan as compiled (longest-prefix match sends traffic elsewhere). */
  blackholed: PodAddress[];
  /** The risk the exceptions remove: pods that would be blackholed if exceptions were not advertised. */
  blackholedWithoutExceptions: PodAddress[];
  summary: { leaves: number; maxRoutesPerLeaf: number; totalRouteEntries: number; exceptions: number; blackholed: number; atRiskWithoutExceptions: number };
}

const host = (ip: string) => (ip.includes(':') ? `${ip}/128` : `${ip}/32`);

/**
 * What-if for a VPC's route suppression: per leaf, the routes its VRF would hold; the /32
 * exceptions; and a longest-prefix-match check of every pod address that names any pod the routes
 * would deliver to the wrong node or nowhere.
 */
export function routePlan(snapshot: FabricSnapshot, vpcId: string, suppression: boolean): RoutePlan {
  const ix = new FabricIndex(snapshot);
  const vpc = ix.vpcs.get(vpcId);
  if (!vpc) throw new Error(`VPC ${vpcId} is not in the snapshot`);
  const ports = ix.portsByVpc.get(vpcId) ?? [];
  const nodeName = (id: string) => ix.nodes.get(id)?.name ?? id;
  const routed = (p: SnapshotPort) => {
    const node = p.containerNodeId ? ix.nodes.get(p.containerNodeId) : undefined;
    return node?.mode === 'l3-route' ? node : undefined;
  };
  const blocksOf = (nodeId: string) => (ix.blocksByNode.get(nodeId) ?? []).filter((b) => b.vpcId === vpcId);

  const routes: PlannedRoute[] = [];
  const exceptions: PodAddress[] = [];
  const atRisk: PodAddress[] = [];
  const withoutExceptions: PlannedRoute[] = [];
  const subnets = new Set<string>();
  for (const p of ports) {
    const node = routed(p);
    const at = ix.placement(p);
    if (!at) continue;
    if (!node) {
      // L2-attached: the logical switch's subnet, and a type-2 MAC/IP host route.
      subnets.add(p.logicalSwitchId);
      routes.push({ prefix: host(p.ip), kind: 'host', origin: ix.devices.get(at.leafId)?.name ?? at.leafId });
      continue;
    }
    if (!suppression) {
      routes.push({ prefix: host(p.ip), kind: 'host', origin: node.name });
      continue;
    }
    const own = blocksOf(node.id).some((b) => Cidr.parse(b.cidr).contains(p.ip));
    if (!own) {
      const cover = [...ix.blocksByNode.values()].flat().find((b) => b.vpcId === vpcId && b.containerNodeId !== node.id && Cidr.parse(b.cidr).contains(p.ip));
      const pod: PodAddress = { port: p.name, ip: p.ip, node: node.name, ...(cover ? { coveredBy: nodeName(cover.containerNodeId) } : {}) };
      exceptions.push(pod);
      atRisk.push(pod);
      routes.push({ prefix: host(p.ip), kind: 'exception', origin: node.name });
    }
  }
  if (suppression) {
    // A summary-only aggregate is advertised while at least one of the node's pods lies inside it.
    const aggregates = new Map<string, PlannedRoute>();
    for (const p of ports) {
      const node = routed(p);
      if (!node) continue;
      for (const b of blocksOf(node.id)) {
        if (Cidr.parse(b.cidr).contains(p.ip)) aggregates.set(`${node.id}/${b.cidr}`, { prefix: b.cidr, kind: 'block-aggregate', origin: node.name });
      }
    }
    routes.push(...aggregates.values());
    withoutExceptions.push(...routes.filter((r) => r.kind !== 'exception'));
  }
  for (const id of subnets) {
    const ls = ix.switches.get(id);
    if (ls) routes.push({ prefix: ls.subnet, kind: 'subnet', origin: ls.name });
  }
  for (const r of ix.routerByVpc.get(vpcId)?.staticRoutes ?? []) routes.push({ prefix: r.prefix, kind: 'static', origin: 'router' });
  for (const peer of ix.interconnectedVpcs(vpcId)) {
    for (const r of peerRoutes(ix, peer)) routes.push({ prefix: r, kind: 'leaked', origin: peer.name });
  }

  const check = (table: PlannedRoute[]) =>
    ports.flatMap((p) => {
      const node = routed(p);
      if (!node) return [];
      const best = longestMatch(table, p.ip);
      return best?.origin === node.name ? [] : [{ port: p.name, ip: p.ip, node: node.name, ...(best ? { coveredBy: best.origin } : {}) }];
    });
  const blackholed = check(routes);
  const blackholedWithoutExceptions = suppression ? check(withoutExceptions).filter((x) => atRisk.some((a) => a.ip === x.ip)) : [];

  const leaves = leavesCarrying(ix, vpc).map((leaf) => {
    const byKind: Partial<Record<RouteKind, number>> = {};
    for (const r of routes) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    return { leaf, routeCount: routes.length, byKind, routes: [...routes].sort((a, b) => a.prefix.localeCompare(b.prefix, 'en', { numeric: true })) };
  });
  return {
    vpcId,
    vpc: vpc.name,
    suppression,
    currentSuppression: vpc.routeSuppression,
    leaves,
    exceptions,
    blackholed,
    blackholedWithoutExceptions,
    summary: {
      leaves: leaves.length,
      maxRoutesPerLeaf: routes.length,
      totalRouteEntries: routes.length * leaves.length,
      exceptions: exceptions.length,
      blackholed: blackholed.length,
      atRiskWithoutExceptions: blackholedWithoutExceptions.length,
    },
  };
}

function longestMatch(table: PlannedRoute[], ip: string): PlannedRoute | undefined {
  let best: PlannedRoute | undefined;
  let bestLength = -1;
  for (const r of table) {
    const c = Cidr.parse(r.prefix);
    if (c.prefixLength > bestLength && c.contains(ip)) {
      best = r;
      bestLength = c.prefixLength;
    }
  }
  return best;
}

/** A peer VPC's routes as it advertises them today (its own suppression setting). */
function peerRoutes(ix: FabricIndex, peer: SnapshotVpc): string[] {
  const out = new Set<string>();
  for (const p of ix.portsByVpc.get(peer.id) ?? []) {
    const node = p.containerNodeId ? ix.nodes.get(p.containerNodeId) : undefined;
    if (node?.mode === 'l3-route' && peer.routeSuppression) {
      const block = (ix.blocksByNode.get(node.id) ?? []).find((b) => b.vpcId === peer.id && Cidr.parse(b.cidr).contains(p.ip));
      out.add(block ? block.cidr : host(p.ip));
    } else out.add(host(p.ip));
    if (node?.mode !== 'l3-route') out.add(ix.switches.get(p.logicalSwitchId)?.subnet ?? '');
  }
  out.delete('');
  return [...out];
}

/** The leaves whose VRF for this VPC exists: where it has ports, or an external gateway. */
function leavesCarrying(ix: FabricIndex, vpc: SnapshotVpc): string[] {
  const out = new Set<string>();
  for (const p of ix.portsByVpc.get(vpc.id) ?? []) {
    const at = ix.placement(p);
    const name = at ? ix.devices.get(at.leafId)?.name : undefined;
    if (name) out.add(name);
  }
  for (const g of ix.snapshot.externalGateways) {
    if (g.vpcId !== vpc.id) continue;
    for (const b of g.borderLeafIds) {
      const name = ix.devices.get(b)?.name;
      if (name) out.add(name);
    }
  }
  return [...out].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
