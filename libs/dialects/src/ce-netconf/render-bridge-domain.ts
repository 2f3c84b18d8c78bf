import type { BridgeDomainIntent } from '#intent';
import { INSTANCE_TYPE, bridgeDomainInstanceName, irbInterfaceName, subinterfaceId } from './names.js';
import { NS } from './namespaces.js';
import { ns, type YNode } from './yang-tree.js';

const ni = ns(NS.networkInstance);

/**
 * One bridge domain as a MAC-VRF: an L2VSI network instance `BD<id>` holding one VLAN-based
 * openconfig-evpn instance (EVI = bridge-domain id) with its RD, route targets and L2 VNI over
 * VXLAN; the FDB's anycast gateway MAC and ARP suppression; and its interfaces: one dot1q
 * subinterface per attachment plus the IRB `Vbdif<id>` marked as a symmetric distributed anycast
 * gateway.
 */
export function renderBridgeDomain(bd: BridgeDomainIntent): YNode {
  const irb = bd.vrf || bd.gateway ? irbInterfaceName(bd.id) : undefined;
  return ni.entry(
    'network-instance',
    [ni.l('name', bridgeDomainInstanceName(bd.id))!],
    ni.c('config', ni.l('name', bridgeDomainInstanceName(bd.id)), ni.l('type', INSTANCE_TYPE.l2vsi), ni.l('description', bd.description || undefined)),
    ni.c(
      'fdb',
      ni.c('config', ni.l('anycast-gateway-mac', bd.gateway?.mac)),
      ni.c('arp-proxy', ni.c('config', ni.l('arp-suppression', bd.arpSuppression))),
    ),
    ni.c(
      'evpn',
      ni.c(
        'evpn-instances',
        ni.entry(
          'evpn-instance',
          [ni.l('evi', bd.id)!],
          ni.c(
            'config',
            ni.l('evi', bd.id),
            ni.l('encapsulation-type', 'oc-ni-types:VXLAN'),
            ni.l('service-type', 'oc-evpn-types:VLAN_BASED'),
            ni.l('route-distinguisher', bd.routeDistinguisher),
          ),
          ni.c('import-export-policy', ni.c('config', ni.ll('export-route-target', bd.exportRouteTargets), ni.ll('import-route-target', bd.importRouteTargets))),
          ni.c('vxlan', ni.c('config', ni.l('vni', bd.l2Vni), ni.l('host-reachability-bgp', true))),
        ),
      ),
    ),
    ni.c(
      'interfaces',
      bd.attachments.map((a) => {
        const id = subinterfaceId(a.interface, a.vlan);
        return ni.entry('interface', [ni.l('id', id)!], ni.c('config', ni.l('id', id), ni.l('interface', a.interface), ni.l('subinterface', a.vlan)));
      }),
      irb !== undefined &&
        ni.entry(
          'interface',
          [ni.l('id', irb)!],
          ni.c(
            'config',
            ni.l('id', irb),
            ni.l('interface', irb),
            ni.l('subinterface', 0),
            ni.l('irb-anycast-gateway', bd.gateway ? 'DISTRIBUTED_SYMETRIC' : undefined),
          ),
        ),
    ),
  );
}
