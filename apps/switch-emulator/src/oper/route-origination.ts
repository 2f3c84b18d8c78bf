import ipaddr from 'ipaddr.js';
import type { DeviceIntent } from '#intent';
import type { WireRoute } from './wire-protocol.js';

/** The VRF name of the default instance in BgpNeighborState and in route tables. */
export const DEFAULT_VRF = 'default';

/**
 * The routes a switch originates into one BGP instance (`default` or a VRF), from its intent:
 * - default instance, EVPN (leaves with a VTEP): type 3 per L2 VNI, type 2 for the anycast gateway
 *   MAC/IP of each bridge domain, type 5 per VRF for its gateway subnets, networks and aggregates
 *   (an aggregate with summary-only hides the networks inside it);
 * - default instance, IPv4 unicast: the `network` statements (the loopback);
 * - a VRF, IPv4 unicast: its networks and aggregates.
 */
export function originatedRoutes(intent: DeviceIntent, vrf: string): WireRoute[] {
  const originator = intent.routerId;
  if (vrf !== DEFAULT_VRF) {
    const v = intent.vrfs.find((x) => x.name === vrf);
    return v ? vrfPrefixes(v).map((prefix) => ({ family: 'ipv4', prefix, nextHop: intent.routerId, originator })) : [];
  }
  const routes: WireRoute[] = intent.bgp.networks.map((prefix) => ({ family: 'ipv4', prefix, nextHop: intent.routerId, originator }));
  const vtep = intent.vtepSource;
  if (!vtep) return routes;
  for (const bd of intent.bridgeDomains) {
    routes.push({ family: 'evpn', type: 3, rd: bd.routeDistinguisher, prefix: vtep, vni: bd.l2Vni, nextHop: vtep, originator });
    if (bd.gateway) {
      routes.push({ family: 'evpn', type: 2, rd: bd.routeDistinguisher, prefix: `${bd.gateway.mac.toLowerCase()},${bd.gateway.ip}`, vni: bd.l2Vni, nextHop: vtep, originator });
    }
  }
  for (const v of intent.vrfs) {
    if (!v.advertiseIpv4Unicast) continue;
    const subnets = intent.bridgeDomains.filter((bd) => bd.vrf === v.name && bd.gateway).map((bd) => networkOf(bd.gateway!.ip, bd.gateway!.prefixLength));
    for (const prefix of unique([...subnets, ...vrfPrefixes(v)])) {
      routes.push({ family: 'evpn', type: 5, rd: v.routeDistinguisher, prefix, vni: v.l3Vni, nextHop: vtep, originator });
    }
  }
  return routes;
}

/**
 * A leaf's VRF routes learned over the VRF's own sessions (from container-node vswitches), as the
 * type-5 routes it advertises into EVPN when the VRF advertises IPv4 unicast.
 */
export function redistributedRoutes(intent: DeviceIntent, learned: ReadonlyMap<string, readonly WireRoute[]>): WireRoute[] {
  const vtep = intent.vtepSource;
  if (!vtep) return [];
  return intent.vrfs
    .filter((v) => v.advertiseIpv4Unicast)
    .flatMap((v) => (learned.get(v.name) ?? []).filter((r) => r.family === 'ipv4').map((r): WireRoute => ({ family: 'evpn', type: 5, rd: v.routeDistinguisher, prefix: r.prefix, vni: v.l3Vni, nextHop: vtep, originator: intent.routerId })));
}

/** The L2 VNIs configured on the switch: the ones a type-3 route builds a tunnel for. */
export function localL2Vnis(intent: DeviceIntent | undefined): Set<number> {
  return new Set(intent?.bridgeDomains.map((bd) => bd.l2Vni) ?? []);
}

function vrfPrefixes(v: DeviceIntent['vrfs'][number]): string[] {
  const summaries = v.aggregates.filter((a) => a.summaryOnly).map((a) => ipaddr.parseCIDR(a.prefix));
  const hidden = (prefix: string) => {
    const [addr, len] = ipaddr.parseCIDR(prefix);
    return summaries.some(([net, netLen]) => net.kind() === addr.kind() && len > netLen && addr.match(net, netLen));
  };
  return unique([...v.networks.filter((n) => !hidden(n)), ...v.aggregates.map((a) => a.prefix)]);
}

function networkOf(ip: string, prefixLength: number): string {
  const addr = ipaddr.parse(ip);
  const bytes = addr.toByteArray();
  for (let bit = prefixLength; bit < bytes.length * 8; bit++) bytes[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return `${ipaddr.fromByteArray(bytes).toString()}/${prefixLength}`;
}

const unique = (xs: string[]): string[] => [...new Set(xs)];
