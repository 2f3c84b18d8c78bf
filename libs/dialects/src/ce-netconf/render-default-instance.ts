import { compareInterfaceNames, type DeviceIntent } from '#intent';
import { AFI, DEFAULT_INSTANCE, INSTANCE_TYPE, LOOPBACK, OSPF_BACKBONE, OSPF_PROTOCOL, PROTOCOL } from './names.js';
import { NS } from './namespaces.js';
import { bgpProtocol, globalAfiSafi, protocolEntry } from './render-bgp.js';
import { ns, type YNode } from './yang-tree.js';

const ni = ns(NS.networkInstance);
const spx = ns(NS.spinel);

/**
 * The DEFAULT_INSTANCE network instance: router ID, the fabric BGP instance (IPv4 unicast carrying
 * the loopbacks, L2VPN EVPN on fabric switches) and, with the iBGP underlay, OSPFv2 area 0 over the
 * unnumbered fabric links with the loopback passive.
 */
export function renderDefaultInstance(i: DeviceIntent): YNode {
  const evpnFamily = i.role !== 'vswitch' || i.bgp.advertiseAllVni === true;
  return ni.entry(
    'network-instance',
    [ni.l('name', DEFAULT_INSTANCE)!],
    ni.c('config', ni.l('name', DEFAULT_INSTANCE), ni.l('type', INSTANCE_TYPE.default), ni.l('router-id', i.routerId)),
    ni.c(
      'protocols',
      bgpProtocol(
        [
          ni.c('config', ni.l('as', i.bgp.asn), ni.l('router-id', i.bgp.routerId)),
          ni.c(
            'afi-safis',
            globalAfiSafi(AFI.ipv4Unicast, ni.c('ipv4-unicast', spx.ll('network', i.bgp.networks))),
            evpnFamily && globalAfiSafi(AFI.l2vpnEvpn, ni.c('l2vpn-evpn', spx.c('config', spx.l('advertise-all-vni', i.bgp.advertiseAllVni)))),
          ),
        ],
        i.bgp.neighbors,
      ),
      i.underlay.protocol === 'ibgp' && ospfUnderlay(i),
    ),
  );
}

function ospfUnderlay(i: DeviceIntent): YNode {
  const links = i.interfaces.filter((x) => x.role === 'fabric').map((x) => x.name);
  const names = [LOOPBACK, ...links].sort(compareInterfaceNames);
  return protocolEntry(
    PROTOCOL.ospf,
    OSPF_PROTOCOL,
    ni.c(
      'ospfv2',
      ni.c('global', ni.c('config', ni.l('router-id', i.routerId))),
      ni.c(
        'areas',
        ni.entry(
          'area',
          [ni.l('identifier', OSPF_BACKBONE)!],
          ni.c('config', ni.l('identifier', OSPF_BACKBONE)),
          ni.c(
            'interfaces',
            names.map((name) =>
              ni.entry(
                'interface',
                [ni.l('id', name)!],
                ni.c(
                  'config',
                  ni.l('id', name),
                  name === LOOPBACK ? ni.l('passive', true) : ni.l('network-type', 'oc-ospf-types:POINT_TO_POINT_NETWORK'),
                ),
                ni.c('interface-ref', ni.c('config', ni.l('interface', name), ni.l('subinterface', 0))),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
