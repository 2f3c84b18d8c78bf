import { canonicalize } from '../canonical.js';
import type { DeviceIntent } from '../device-intent.js';
import type { FabricSnapshot, SnapshotDevice } from '../snapshot.js';
import { FabricIndex } from './fabric-index.js';
import { compileTenants } from './tenant.js';
import { fabricInterfaces, fabricNeighbors } from './underlay.js';
import { compileVswitch } from './vswitch.js';

export interface CompiledFabric {
  revision: number;
  /** Desired intent per fabric device, by device name. */
  devices: Map<string, DeviceIntent>;
}

/**
 * compile(snapshot) → the DeviceIntent of every device of the fabric. Pure and deterministic: it
 * reads only the snapshot, and the same snapshot in any order gives byte-identical intents.
 */
export function compile(snapshot: FabricSnapshot): CompiledFabric {
  return compileDevices(new FabricIndex(snapshot), snapshot.devices);
}

/** Compile a subset of devices over a prepared index (the incremental path uses this). */
export function compileDevices(ix: FabricIndex, devices: Iterable<SnapshotDevice>): CompiledFabric {
  const out = new Map<string, DeviceIntent>();
  for (const d of [...devices].sort((a, b) => (a.name < b.name ? -1 : 1))) out.set(d.name, compileDevice(ix, d));
  return { revision: ix.snapshot.revision, devices: out };
}

export function compileDevice(ix: FabricIndex, d: SnapshotDevice): DeviceIntent {
  if (d.role === 'vswitch') {
    // A vswitch device is the virtual switch of the container node of the same name.
    const node = ix.snapshot.containerNodes.find((n) => n.name === d.name);
    if (node) return canonicalize({ ...compileVswitch(ix, node, d), device: d.name });
  }
  const leaf = d.role === 'leaf' || d.role === 'border-leaf';
  const tenants = leaf ? compileTenants(ix, d) : { interfaces: [], vrfs: [], bridgeDomains: [], acls: [], nat: [] };
  const ebgp = ix.snapshot.fabric.underlayProtocol === 'ebgp';
  return canonicalize({
    device: d.name,
    role: d.role,
    routerId: d.loopbackIp,
    asn: d.asn,
    ...(leaf ? { vtepSource: d.vtepIp ?? d.loopbackIp } : {}),
    underlay: { protocol: ix.snapshot.fabric.underlayProtocol },
    interfaces: [...fabricInterfaces(ix, d), ...tenants.interfaces],
    bgp: {
      asn: d.asn,
      routerId: d.loopbackIp,
      neighbors: fabricNeighbors(ix, d),
      ...(leaf ? { advertiseAllVni: true as const } : {}),
      networks: ebgp ? [`${d.loopbackIp}/32`] : [],
    },
    vrfs: tenants.vrfs,
    bridgeDomains: tenants.bridgeDomains,
    acls: tenants.acls,
    nat: tenants.nat,
  });
}

/** The vswitch intent of every l3-route container node, by node name (route plans, the lab). */
export function compileContainerNodes(snapshot: FabricSnapshot): Map<string, DeviceIntent> {
  const ix = new FabricIndex(snapshot);
  const byName = new Map(snapshot.devices.filter((d) => d.role === 'vswitch').map((d) => [d.name, d]));
  const out = new Map<string, DeviceIntent>();
  for (const n of [...snapshot.containerNodes].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (n.mode === 'l3-route') out.set(n.name, canonicalize(compileVswitch(ix, n, byName.get(n.name))));
  }
  return out;
}
