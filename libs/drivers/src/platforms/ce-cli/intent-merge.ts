import { canonicalize, type DeviceIntent } from '#intent';

function union<T>(base: readonly T[], added: readonly T[], key: (t: T) => string): T[] {
  const byKey = new Map(base.map((t) => [key(t), t]));
  for (const t of added) byKey.set(key(t), t);
  return [...byKey.values()];
}

/**
 * What a `merge` load asks for: the running intent with the given one laid over it. Entries are
 * matched by their key (interface name, peer, VRF name, bridge-domain id, ACL name, NAT VRF) and
 * replaced whole; nothing of running goes away. Device-wide settings come from `added`.
 */
export function mergeIntent(running: DeviceIntent | null, added: DeviceIntent): DeviceIntent {
  if (!running) return canonicalize(added);
  return canonicalize({
    ...added,
    interfaces: union(running.interfaces, added.interfaces, (i) => i.name),
    bgp: {
      ...added.bgp,
      neighbors: union(running.bgp.neighbors, added.bgp.neighbors, (n) => n.peer),
      networks: union(running.bgp.networks, added.bgp.networks, (n) => n),
    },
    vrfs: union(running.vrfs, added.vrfs, (v) => v.name),
    bridgeDomains: union(running.bridgeDomains, added.bridgeDomains, (b) => String(b.id)),
    acls: union(running.acls, added.acls, (a) => a.name),
    nat: union(running.nat, added.nat, (n) => n.vrf),
  });
}
