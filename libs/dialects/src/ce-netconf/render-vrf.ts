import type { DeviceIntent, VrfIntent } from '#intent';
import { AFI, AGGREGATE_PROTOCOL, INSTANCE_TYPE, PROTOCOL, STATIC_PROTOCOL, irbInterfaceName } from './names.js';
import { NS } from './namespaces.js';
import { bgpProtocol, globalAfiSafi, protocolEntry } from './render-bgp.js';
import { ns, type YNode } from './yang-tree.js';

const ni = ns(NS.networkInstance);
const spx = ns(NS.spinel);

/**
 * One tenant VRF as an L3VRF network instance: RD, route targets
 * (`inter-instance-policies/import-export-policy`), the L3 VNI as an openconfig-evpn instance with
 * VXLAN encapsulation, the IRB interfaces of its bridge domains, and its protocols: BGP (VRF peers,
 * originated networks, type-5 advertisement), static routes, and local aggregates exported into BGP
 * by a table connection.
 */
export function renderVrf(i: DeviceIntent, v: VrfIntent): YNode {
  const irbs = i.bridgeDomains.filter((bd) => bd.vrf === v.name).map((bd) => irbInterfaceName(bd.id));
  const aggregatesToBgp = v.aggregates.length > 0;
  return ni.entry(
    'network-instance',
    [ni.l('name', v.name)!],
    ni.c(
      'config',
      ni.l('name', v.name),
      ni.l('type', INSTANCE_TYPE.l3vrf),
      ni.l('route-distinguisher', v.routeDistinguisher),
      spx.l('default-route-to-external', v.defaultRouteToExternal),
    ),
    ni.c(
      'evpn',
      ni.c(
        'evpn-instances',
        ni.entry(
          'evpn-instance',
          [ni.l('evi', v.l3Vni)!],
          ni.c('config', ni.l('evi', v.l3Vni), ni.l('encapsulation-type', 'oc-ni-types:VXLAN')),
          ni.c('vxlan', ni.c('config', ni.l('vni', v.l3Vni))),
        ),
      ),
    ),
    ni.c(
      'inter-instance-policies',
      ni.c('import-export-policy', ni.c('config', ni.ll('export-route-target', v.exportRouteTargets), ni.ll('import-route-target', v.importRouteTargets))),
    ),
    aggregatesToBgp &&
      ni.c('table-connections', ni.entry('table-connection', tableConnectionKeys(), ni.c('config', tableConnectionKeys()))),
    ni.c(
      'interfaces',
      irbs.map((name) => ni.entry('interface', [ni.l('id', name)!], ni.c('config', ni.l('id', name), ni.l('interface', name), ni.l('subinterface', 0)))),
    ),
    ni.c(
      'protocols',
      bgpProtocol(
        [
          ni.c('config', ni.l('as', i.bgp.asn)),
          ni.c(
            'afi-safis',
            globalAfiSafi(AFI.ipv4Unicast, ni.c('ipv4-unicast', spx.ll('network', v.networks))),
            globalAfiSafi(AFI.l2vpnEvpn, ni.c('l2vpn-evpn', spx.c('config', spx.l('advertise-ipv4-unicast', v.advertiseIpv4Unicast)))),
          ),
        ],
        v.neighbors,
      ),
      v.staticRoutes.length > 0 && protocolEntry(PROTOCOL.static, STATIC_PROTOCOL, ni.c('static-routes', staticRoutes(v))),
      aggregatesToBgp &&
        protocolEntry(
          PROTOCOL.localAggregate,
          AGGREGATE_PROTOCOL,
          ni.c(
            'local-aggregates',
            v.aggregates.map((a) =>
              ni.entry('aggregate', [ni.l('prefix', a.prefix)!], ni.c('config', ni.l('prefix', a.prefix), spx.l('summary-only', a.summaryOnly))),
            ),
          ),
        ),
    ),
  );
}

const tableConnectionKeys = (): YNode[] => [
  ni.l('src-protocol', PROTOCOL.localAggregate)!,
  ni.l('dst-protocol', PROTOCOL.bgp)!,
  ni.l('address-family', 'oc-types:IPV4')!,
];

/** One `static` entry per prefix; each next hop is a `next-hop` indexed by its own address. */
function staticRoutes(v: VrfIntent): YNode[] {
  const byPrefix = new Map<string, string[]>();
  for (const r of v.staticRoutes) byPrefix.set(r.prefix, [...(byPrefix.get(r.prefix) ?? []), r.nextHop]);
  return [...byPrefix].map(([prefix, hops]) =>
    ni.entry(
      'static',
      [ni.l('prefix', prefix)!],
      ni.c('config', ni.l('prefix', prefix)),
      ni.c(
        'next-hops',
        hops.map((h) => ni.entry('next-hop', [ni.l('index', h)!], ni.c('config', ni.l('index', h), ni.l('next-hop', h)))),
      ),
    ),
  );
}
