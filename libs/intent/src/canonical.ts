import type { DeviceIntent } from './device-intent.js';

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortBy = <T>(items: T[], key: (t: T) => string | number): T[] =>
  [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return typeof ka === 'number' && typeof kb === 'number' ? ka - kb : byString(String(ka), String(kb));
  });
const uniqueSorted = (items: string[]): string[] => [...new Set(items)].sort(byString);

/** Interface names sort naturally: 10GE1/0/2 before 10GE1/0/10. */
export function compareInterfaceNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * The one canonical form of an intent: every list sorted by its key, duplicates gone, object keys in
 * a fixed order, and at most one entry per key (the first wins: keys are what diffs and renderers
 * address entries by). Compile, parse and tests all pass through here, so equal intents are equal bytes.
 */
export function canonicalize(i: DeviceIntent): DeviceIntent {
  return {
    device: i.device,
    role: i.role,
    routerId: i.routerId,
    asn: i.asn,
    ...(i.vtepSource ? { vtepSource: i.vtepSource } : {}),
    underlay: { protocol: i.underlay.protocol },
    interfaces: dedupe([...i.interfaces].sort((a, b) => compareInterfaceNames(a.name, b.name)), (x) => x.name).map((x) => ({ name: x.name, description: x.description, role: x.role, mtu: x.mtu })),
    bgp: {
      asn: i.bgp.asn,
      routerId: i.bgp.routerId,
      neighbors: canonicalNeighbors(i.bgp.neighbors),
      ...(i.bgp.advertiseAllVni ? { advertiseAllVni: true as const } : {}),
      networks: uniqueSorted(i.bgp.networks),
    },
    vrfs: dedupe(sortBy(i.vrfs, (v) => v.name), (v) => v.name).map((v) => ({
      name: v.name,
      l3Vni: v.l3Vni,
      routeDistinguisher: v.routeDistinguisher,
      importRouteTargets: uniqueSorted(v.importRouteTargets),
      exportRouteTargets: uniqueSorted(v.exportRouteTargets),
      staticRoutes: dedupe(sortBy(v.staticRoutes, (r) => `${r.prefix}=>${r.nextHop}`), (r) => `${r.prefix}=>${r.nextHop}`).map((r) => ({ prefix: r.prefix, nextHop: r.nextHop })),
      neighbors: canonicalNeighbors(v.neighbors),
      networks: uniqueSorted(v.networks),
      aggregates: dedupe(sortBy(v.aggregates, (a) => a.prefix), (a) => a.prefix).map((a) => ({ prefix: a.prefix, summaryOnly: a.summaryOnly })),
      advertiseIpv4Unicast: v.advertiseIpv4Unicast,
      ...(v.defaultRouteToExternal ? { defaultRouteToExternal: true as const } : {}),
    })),
    bridgeDomains: dedupe(sortBy(i.bridgeDomains, (b) => b.id), (b) => String(b.id)).map((b) => ({
      id: b.id,
      l2Vni: b.l2Vni,
      description: b.description,
      routeDistinguisher: b.routeDistinguisher,
      importRouteTargets: uniqueSorted(b.importRouteTargets),
      exportRouteTargets: uniqueSorted(b.exportRouteTargets),
      arpSuppression: b.arpSuppression,
      ...(b.vrf ? { vrf: b.vrf } : {}),
      ...(b.gateway ? { gateway: { ip: b.gateway.ip, prefixLength: b.gateway.prefixLength, mac: b.gateway.mac } } : {}),
      attachments: dedupe(
        [...b.attachments].sort((x, y) => compareInterfaceNames(x.interface, y.interface) || x.vlan - y.vlan),
        (a) => `${a.interface}.${a.vlan}`,
      ).map((a) => ({ interface: a.interface, vlan: a.vlan })),
    })),
    acls: dedupe(sortBy(i.acls, (a) => a.name), (a) => a.name).map((a) => ({
      name: a.name,
      rules: dedupe(sortBy(a.rules, (r) => r.sequence), (r) => String(r.sequence)).map((r) => ({
        sequence: r.sequence,
        action: r.action,
        protocol: r.protocol,
        source: r.source,
        destination: r.destination,
        ...(r.destinationPort ? { destinationPort: r.destinationPort } : {}),
      })),
      bindings: dedupe(sortBy(a.bindings, (b) => `${String(b.bridgeDomain).padStart(8, '0')}/${b.direction}`), (b) => `${b.bridgeDomain}/${b.direction}`).map((b) => ({
        bridgeDomain: b.bridgeDomain,
        direction: b.direction,
      })),
    })),
    nat: dedupe(sortBy(i.nat, (n) => n.vrf), (n) => n.vrf).map((n) => ({
      vrf: n.vrf,
      snatPools: uniqueSorted(n.snatPools),
      staticNat: dedupe(sortBy(n.staticNat, (s) => s.public), (s) => s.public).map((s) => ({ public: s.public, private: s.private })),
    })),
  };
}

function canonicalNeighbors(list: DeviceIntent['bgp']['neighbors']): DeviceIntent['bgp']['neighbors'] {
  return dedupe(
    [...list].sort((a, b) => compareInterfaceNames(a.peer, b.peer)),
    (n) => n.peer,
  ).map((n) => ({
    peer: n.peer,
    remoteAs: n.remoteAs,
    description: n.description,
    addressFamilies: [...new Set(n.addressFamilies)].sort(byString),
    ...(n.routeReflectorClient ? { routeReflectorClient: true as const } : {}),
    ...(n.updateSource ? { updateSource: n.updateSource } : {}),
  }));
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
