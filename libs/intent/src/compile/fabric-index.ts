import type {
  FabricSnapshot,
  SnapshotContainerNode,
  SnapshotDevice,
  SnapshotExternalGateway,
  SnapshotIpBlock,
  SnapshotLink,
  SnapshotLogicalRouter,
  SnapshotLogicalSwitch,
  SnapshotPort,
  SnapshotSecurityPolicy,
  SnapshotVpc,
} from '../snapshot.js';

/** Where a port reaches the fabric: the leaf, the leaf's interface, and the node if any. */
export interface Placement {
  leafId: string;
  interface: string;
  node: SnapshotContainerNode | null;
}

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

/**
 * Lookups over one snapshot, built once per compile in O(objects), so compiling every device is
 * linear in the fabric's size rather than devices × objects.
 */
export class FabricIndex {
  readonly devices = new Map<string, SnapshotDevice>();
  readonly linksByDevice = new Map<string, SnapshotLink[]>();
  readonly vpcs = new Map<string, SnapshotVpc>();
  readonly switches = new Map<string, SnapshotLogicalSwitch>();
  readonly routers = new Map<string, SnapshotLogicalRouter>();
  readonly routerByVpc = new Map<string, SnapshotLogicalRouter>();
  readonly nodes = new Map<string, SnapshotContainerNode>();
  readonly nodesByLeaf = new Map<string, SnapshotContainerNode[]>();
  readonly portsByLeaf = new Map<string, SnapshotPort[]>();
  readonly portsByNode = new Map<string, SnapshotPort[]>();
  readonly portsByVpc = new Map<string, SnapshotPort[]>();
  readonly ports = new Map<string, SnapshotPort>();
  readonly blocksByNode = new Map<string, SnapshotIpBlock[]>();
  readonly policiesByVpc = new Map<string, SnapshotSecurityPolicy[]>();
  readonly gatewaysByBorderLeaf = new Map<string, SnapshotExternalGateway[]>();
  /** Routers each router exchanges routes with, whichever side declared the interconnection. */
  readonly peersOfRouter = new Map<string, Set<string>>();

  constructor(readonly snapshot: FabricSnapshot) {
    for (const d of snapshot.devices) this.devices.set(d.id, d);
    for (const l of snapshot.links) {
      push(this.linksByDevice, l.aDeviceId, l);
      if (l.bDeviceId !== l.aDeviceId) push(this.linksByDevice, l.bDeviceId, l);
    }
    for (const v of snapshot.vpcs) this.vpcs.set(v.id, v);
    for (const s of snapshot.logicalSwitches) this.switches.set(s.id, s);
    for (const r of snapshot.logicalRouters) {
      this.routers.set(r.id, r);
      this.routerByVpc.set(r.vpcId, r);
    }
    for (const r of snapshot.logicalRouters) {
      for (const { peerRouterId } of r.interconnections) {
        if (!this.routers.has(peerRouterId)) continue;
        this.peer(r.id, peerRouterId);
        this.peer(peerRouterId, r.id);
      }
    }
    for (const n of snapshot.containerNodes) {
      this.nodes.set(n.id, n);
      push(this.nodesByLeaf, n.leafDeviceId, n);
    }
    for (const b of snapshot.ipBlocks) push(this.blocksByNode, b.containerNodeId, b);
    for (const p of snapshot.securityPolicies) push(this.policiesByVpc, p.vpcId, p);
    for (const g of snapshot.externalGateways) for (const leaf of g.borderLeafIds) push(this.gatewaysByBorderLeaf, leaf, g);
    for (const p of snapshot.ports) this.addPort(p);
  }

  addPort(p: SnapshotPort): void {
    this.ports.set(p.id, p);
    push(this.portsByVpc, p.vpcId, p);
    const at = this.placement(p);
    if (at) push(this.portsByLeaf, at.leafId, p);
    if (p.containerNodeId) push(this.portsByNode, p.containerNodeId, p);
  }

  /** Undo addPort for the port as it was indexed (placement computed from the same fields). */
  removePort(p: SnapshotPort): void {
    this.ports.delete(p.id);
    const drop = (m: Map<string, SnapshotPort[]>, k: string | null | undefined) => {
      const list = k ? m.get(k) : undefined;
      const i = list ? list.findIndex((x) => x.id === p.id) : -1;
      if (list && i >= 0) list.splice(i, 1);
    };
    drop(this.portsByVpc, p.vpcId);
    drop(this.portsByLeaf, this.placement(p)?.leafId);
    drop(this.portsByNode, p.containerNodeId);
  }

  placement(p: SnapshotPort): Placement | null {
    if (p.bindingKind === 'leaf-interface' && p.deviceId && p.interfaceName) return { leafId: p.deviceId, interface: p.interfaceName, node: null };
    if (p.bindingKind === 'container-node' && p.containerNodeId) {
      const node = this.nodes.get(p.containerNodeId);
      if (node) return { leafId: node.leafDeviceId, interface: node.leafInterface, node };
    }
    return null;
  }

  /** VPCs whose routes this VPC's VRF imports through router interconnections. */
  interconnectedVpcs(vpcId: string): SnapshotVpc[] {
    const router = this.routerByVpc.get(vpcId);
    if (!router) return [];
    const out: SnapshotVpc[] = [];
    for (const peerId of this.peersOfRouter.get(router.id) ?? []) {
      const vpc = this.vpcs.get((this.routers.get(peerId) as SnapshotLogicalRouter).vpcId);
      if (vpc) out.push(vpc);
    }
    return out;
  }

  private peer(a: string, b: string): void {
    const set = this.peersOfRouter.get(a) ?? new Set<string>();
    set.add(b);
    this.peersOfRouter.set(a, set);
  }
}
