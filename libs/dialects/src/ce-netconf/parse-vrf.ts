import type { VrfIntent } from '#intent';
import { AFI, PROTOCOL } from './names.js';
import { NS } from './namespaces.js';
import { globalAfiSafi, needBgp, parseNeighbors, protocolOf } from './parse-bgp.js';
import { parseEvpnInstance, parseRouteTargets } from './parse-evpn-instance.js';
import type { Cursor } from './tree-cursor.js';
import { V } from './value-parsers.js';

/** An L3VRF network instance, and the IRB interfaces bound to it (they name its bridge domains). */
export function parseVrf(instance: Cursor): { vrf: VrfIntent; irbs: string[] } {
  const config = instance.need('config');
  const name = config.needParse('name', V.nonEmpty('VRF name'));
  const { vni } = parseEvpnInstance(instance);
  const bgp = needBgp(instance);
  const ipv4 = globalAfiSafi(bgp, AFI.ipv4Unicast);
  const evpn = globalAfiSafi(bgp, AFI.l2vpnEvpn) ?? bgp.fail(`missing the ${AFI.l2vpnEvpn} address family of VRF ${name}`);
  const defaultRoute = config.parse('default-route-to-external', V.bool, NS.spinel);
  const statics = protocolOf(instance, PROTOCOL.static)?.list('static-routes', 'static') ?? [];
  const aggregates = protocolOf(instance, PROTOCOL.localAggregate)?.list('local-aggregates', 'aggregate') ?? [];
  const vrf: VrfIntent = {
    name,
    l3Vni: vni,
    routeDistinguisher: config.needParse('route-distinguisher', V.routeDistinguisher),
    ...parseRouteTargets(instance.child('inter-instance-policies')),
    staticRoutes: statics.flatMap((s) => {
      const prefix = s.needParse('prefix', V.prefix);
      return s.list('next-hops', 'next-hop').map((h) => ({ prefix, nextHop: h.need('config').needParse('next-hop', V.ip) }));
    }),
    neighbors: parseNeighbors(bgp),
    networks: ipv4?.child('ipv4-unicast')?.parseValues('network', V.ipv4Prefix, NS.spinel) ?? [],
    aggregates: aggregates.map((a) => ({
      prefix: a.needParse('prefix', V.ipv4Prefix),
      summaryOnly: a.need('config').needParse('summary-only', V.bool, NS.spinel),
    })),
    advertiseIpv4Unicast: evpn.need('l2vpn-evpn').need('config', NS.spinel).needParse('advertise-ipv4-unicast', V.bool, NS.spinel),
    ...(defaultRoute ? { defaultRouteToExternal: true as const } : {}),
  };
  const irbs = instance.list('interfaces', 'interface').map((x) => x.need('config').needParse('interface', V.nonEmpty('interface')));
  return { vrf, irbs };
}
