import type { DeviceIntent } from '../device-intent.js';
import type { FabricSnapshot, SnapshotPort } from '../snapshot.js';
import { compileDevice } from './compile.js';
import { FabricIndex } from './fabric-index.js';

/** The snapshot collections, by the kind name changes use. */
export const SNAPSHOT_COLLECTIONS = {
  device: 'devices',
  link: 'links',
  vpc: 'vpcs',
  'logical-switch': 'logicalSwitches',
  'logical-router': 'logicalRouters',
  'logical-port': 'ports',
  'security-policy': 'securityPolicies',
  'container-node': 'containerNodes',
  'ip-block': 'ipBlocks',
  'external-gateway': 'externalGateways',
} as const;

export type SnapshotKind = keyof typeof SNAPSHOT_COLLECTIONS | 'fabric';

/** One object created (before null), changed, or deleted (after null). */
export interface SnapshotChange {
  kind: SnapshotKind;
  before: object | null;
  after: object | null;
}

const blockKey = (b: { containerNodeId?: string; logicalSwitchId?: string; cidr?: string }) => `${b.containerNodeId}/${b.logicalSwitchId}/${b.cidr}`;
const keyOf = (kind: SnapshotKind, o: { id?: string }) => (kind === 'ip-block' ? blockKey(o as never) : (o.id as string));

/**
 * Keeps a fabric's compiled intents current as objects change, recompiling only the devices a
 * change can reach. A port change (the common case: pods come and go) updates the index in place;
 * other kinds rebuild the index, which is linear but still skips compiling untouched devices.
 * The property test proves the result always equals a full compile of the same snapshot.
 */
export class IncrementalCompiler {
  private ix: FabricIndex;
  private readonly intents = new Map<string, DeviceIntent>();
  /** Ports live here between full rebuilds: splicing a 50,000-entry array per change is too slow. */
  private readonly portsById = new Map<string, SnapshotPort>();
  private portsDirty = false;

  constructor(private readonly snapshot: FabricSnapshot) {
    for (const p of snapshot.ports) this.portsById.set(p.id, p);
    this.ix = new FabricIndex(snapshot);
    for (const d of snapshot.devices) this.intents.set(d.name, compileDevice(this.ix, d));
  }

  get devices(): ReadonlyMap<string, DeviceIntent> {
    return this.intents;
  }

  /** Apply one change; returns the names of the devices whose intent was recompiled. */
  apply(change: SnapshotChange): Set<string> {
    const affected = new Set<string>();
    this.reach(change, affected); // what the old state touched
    this.mutate(change);
    this.reach(change, affected); // what the new state touches
    for (const name of [...affected]) {
      const d = this.snapshot.devices.find((x) => x.name === name);
      if (d) this.intents.set(name, compileDevice(this.ix, d));
      else this.intents.delete(name);
    }
    return affected;
  }

  private mutate(c: SnapshotChange): void {
    if (c.kind === 'logical-port') {
      const id = ((c.before ?? c.after) as { id: string }).id;
      const old = this.portsById.get(id);
      if (old) this.ix.removePort(old);
      if (c.after) {
        this.portsById.set(id, c.after as SnapshotPort);
        this.ix.addPort(c.after as SnapshotPort);
      } else this.portsById.delete(id);
      this.portsDirty = true;
      return;
    }
    if (c.kind === 'fabric') Object.assign(this.snapshot.fabric, c.after);
    else {
      const list = this.snapshot[SNAPSHOT_COLLECTIONS[c.kind]] as { id?: string }[];
      const key = keyOf(c.kind, (c.before ?? c.after) as { id?: string });
      const at = list.findIndex((o) => keyOf(c.kind, o) === key);
      if (at >= 0 && c.after) list[at] = c.after as { id?: string };
      else if (at >= 0) list.splice(at, 1);
      else if (c.after) list.push(c.after as { id?: string });
    }
    this.syncPorts();
    this.ix = new FabricIndex(this.snapshot);
  }

  /** The snapshot as it now stands (ports included). */
  current(): FabricSnapshot {
    this.syncPorts();
    return this.snapshot;
  }

  private syncPorts(): void {
    if (!this.portsDirty) return;
    this.snapshot.ports = [...this.portsById.values()];
    this.portsDirty = false;
  }

  /** Devices whose intent can depend on the object as the current state has it. */
  private reach(c: SnapshotChange, out: Set<string>): void {
    const ix = this.ix;
    const name = (id: string | null | undefined) => (id ? ix.devices.get(id)?.name : undefined);
    const add = (n: string | undefined) => n && out.add(n);
    const leavesOfVpc = (vpcId: string) => {
      for (const p of ix.portsByVpc.get(vpcId) ?? []) {
        const at = ix.placement(p);
        if (at) add(name(at.leafId));
        if (at?.node) add(at.node.name);
      }
      for (const g of ix.snapshot.externalGateways) if (g.vpcId === vpcId) for (const b of g.borderLeafIds) add(name(b));
    };
    const withPeers = (vpcId: string) => {
      leavesOfVpc(vpcId);
      for (const peer of ix.interconnectedVpcs(vpcId)) leavesOfVpc(peer.id);
    };
    const id = ((c.before ?? c.after) as { id?: string } | null)?.id as string;
    switch (c.kind) {
      case 'fabric':
        for (const d of ix.snapshot.devices) out.add(d.name);
        return;
      case 'device':
      case 'link':
        // Descriptions, unnumbered sessions, iBGP meshes and node peerings all name devices.
        for (const d of ix.snapshot.devices) out.add(d.name);
        return;
      case 'logical-port': {
        const p = ix.ports.get(id);
        if (!p) return;
        const at = ix.placement(p);
        if (at) add(name(at.leafId));
        if (at?.node) add(at.node.name);
        // Label selectors of the VPC's policies and EIPs pointing at the port reach further.
        if (ix.policiesByVpc.get(p.vpcId)?.length) leavesOfVpc(p.vpcId);
        for (const g of ix.snapshot.externalGateways) if (g.elasticIps.some((e) => e.portId === id)) for (const b of g.borderLeafIds) add(name(b));
        return;
      }
      case 'vpc':
      case 'security-policy':
        withPeers(c.kind === 'vpc' ? id : ((c.before ?? c.after) as { vpcId: string }).vpcId);
        return;
      case 'logical-switch':
      case 'logical-router':
        withPeers(((c.before ?? c.after) as { vpcId: string }).vpcId);
        if (c.kind === 'logical-router') for (const peer of ix.peersOfRouter.get(id) ?? []) withPeers(ix.routers.get(peer)?.vpcId as string);
        return;
      case 'container-node': {
        const n = ix.nodes.get(id);
        if (n) {
          add(name(n.leafDeviceId));
          add(n.name);
        }
        return;
      }
      case 'ip-block': {
        const n = ix.nodes.get(((c.before ?? c.after) as { containerNodeId: string }).containerNodeId);
        if (n) add(n.name);
        return;
      }
      case 'external-gateway': {
        const g = (c.before ?? c.after) as { borderLeafIds: string[] };
        for (const b of ix.snapshot.externalGateways.find((x) => x.id === id)?.borderLeafIds ?? g.borderLeafIds) add(name(b));
        return;
      }
    }
  }
}
