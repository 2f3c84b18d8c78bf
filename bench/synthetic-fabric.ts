import type { FabricSnapshot, SnapshotContainerNode, SnapshotDevice } from '#intent';
import { SnapshotBuilder } from '../libs/intent/src/testing/snapshot-builder.js';

export interface FabricSize {
  spines: number;
  leaves: number;
  nodes: number;
  vpcs: number;
  switches: number;
  ports: number;
}

export const BENCH_SIZE: FabricSize = { spines: 2, leaves: 64, nodes: 500, vpcs: 200, switches: 2000, ports: 50_000 };

/**
 * A synthetic fabric of the given size: half the VPCs bridge (l2-bridge nodes), half route
 * (l3-route nodes), and half of those use route suppression with a /26 block per node and switch.
 */
export function syntheticFabric(size: FabricSize): FabricSnapshot {
  const b = new SnapshotBuilder();
  const { leaves } = b.clos(size.spines, size.leaves);
  const nodes: Record<'l2-bridge' | 'l3-route', SnapshotContainerNode[]> = { 'l2-bridge': [], 'l3-route': [] };
  for (let i = 0; i < size.nodes; i++) {
    const mode = i % 2 === 0 ? 'l2-bridge' : 'l3-route';
    const leaf = leaves[i % leaves.length] as SnapshotDevice;
    nodes[mode].push(b.node(`node-${i}`, leaf, `10GE1/0/${Math.floor(i / leaves.length) + 1}`, mode));
  }
  const perVpc = Math.ceil(size.switches / size.vpcs);
  const perSwitch = Math.ceil(size.ports / size.switches);
  let ports = 0;
  for (let v = 0; v < size.vpcs; v++) {
    const mode = v % 2 === 0 ? 'l2-bridge' : 'l3-route';
    const suppression = mode === 'l3-route' && v % 4 === 1;
    const vpc = b.vpc(`vpc-${v}`, `10.${v % 250}.0.0/16`, { attachmentMode: mode, routeSuppression: suppression });
    for (let s = 0; s < perVpc && b.s.logicalSwitches.length < size.switches; s++) {
      const ls = b.logicalSwitch(vpc, `ls-${s}`, `10.${v % 250}.${s}.0/24`);
      const used = new Set<string>();
      for (let k = 0; k < perSwitch && ports < size.ports; k++, ports++) {
        const pool = nodes[mode];
        const node = pool[(v * 31 + s * 7 + k) % pool.length] as SnapshotContainerNode;
        const block = k < 64 ? `10.${v % 250}.${s}.${Math.floor(k / 16) * 64}/26` : undefined;
        if (suppression && block && !used.has(`${node.id}/${block}`)) {
          used.add(`${node.id}/${block}`);
          b.block(node, ls, block);
        }
        b.port(ls, `pod-${k}`, `10.${v % 250}.${s}.${10 + k}`, { node, vlan: 100 + s });
      }
    }
  }
  return b.build();
}
