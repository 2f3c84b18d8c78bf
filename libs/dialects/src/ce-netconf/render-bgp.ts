import { IpAddress } from '#domain';
import type { AddressFamily, BgpNeighborIntent } from '#intent';
import { AFI, BGP_PROTOCOL, PROTOCOL } from './names.js';
import { NS } from './namespaces.js';
import { ns, type YNode } from './yang-tree.js';

const ni = ns(NS.networkInstance);
const spx = ns(NS.spinel);

export const AFI_OF: Readonly<Record<AddressFamily, string>> = { 'ipv4-unicast': AFI.ipv4Unicast, 'l2vpn-evpn': AFI.l2vpnEvpn };

/** A peer given as an address is an openconfig-bgp neighbor; one given as an interface is unnumbered. */
export const isNumberedPeer = (peer: string): boolean => IpAddress.isValid(peer);

/**
 * `protocols/protocol[BGP]` of a network instance: the global part (built by the caller, it differs
 * between the default instance and a VRF) and the sessions. Numbered sessions go to openconfig's
 * `neighbors`; unnumbered ones (RFC 5549, peer = an interface) to `spx:interface-neighbors`, whose
 * entries reuse openconfig's neighbor layout in the extension namespace.
 */
export function bgpProtocol(global: readonly (YNode | undefined)[], neighbors: readonly BgpNeighborIntent[]): YNode {
  const numbered = neighbors.filter((n) => isNumberedPeer(n.peer));
  const unnumbered = neighbors.filter((n) => !isNumberedPeer(n.peer));
  return protocolEntry(
    PROTOCOL.bgp,
    BGP_PROTOCOL,
    ni.c(
      'bgp',
      ni.c('global', ...global),
      ni.c(
        'neighbors',
        numbered.map((n) => neighbor(ni, 'neighbor', 'neighbor-address', n)),
      ),
      spx.c(
        'interface-neighbors',
        unnumbered.map((n) => neighbor(spx, 'interface-neighbor', 'interface', n)),
      ),
    ),
  );
}

/** One global AFI-SAFI, enabled, with its family-specific container (extension leaves) if any. */
export function globalAfiSafi(afiSafiName: string, familyContainer?: YNode): YNode {
  return ni.entry('afi-safi', [ni.l('afi-safi-name', afiSafiName)!], ni.c('config', ni.l('afi-safi-name', afiSafiName), ni.l('enabled', true)), familyContainer);
}

export function protocolEntry(identifier: string, name: string, ...content: (YNode | undefined)[]): YNode {
  return ni.entry('protocol', [ni.l('identifier', identifier)!, ni.l('name', name)!], ni.c('config', ni.l('identifier', identifier), ni.l('name', name)), content);
}

function neighbor(b: ReturnType<typeof ns>, listName: string, keyName: string, n: BgpNeighborIntent): YNode {
  const peerAs = typeof n.remoteAs === 'number' ? n.remoteAs : undefined;
  const peerType = n.remoteAs === 'external' ? 'EXTERNAL' : n.remoteAs === 'internal' ? 'INTERNAL' : undefined;
  return b.entry(
    listName,
    [b.l(keyName, n.peer)!],
    b.c('config', b.l(keyName, n.peer), b.l('peer-as', peerAs), b.l('peer-type', peerType), b.l('description', n.description || undefined)),
    b.c('transport', b.c('config', b.l('local-address', n.updateSource))),
    b.c('route-reflector', b.c('config', b.l('route-reflector-client', n.routeReflectorClient))),
    b.c(
      'afi-safis',
      n.addressFamilies.map((af) => b.entry('afi-safi', [b.l('afi-safi-name', AFI_OF[af])!], b.c('config', b.l('afi-safi-name', AFI_OF[af]), b.l('enabled', true)))),
    ),
  );
}
