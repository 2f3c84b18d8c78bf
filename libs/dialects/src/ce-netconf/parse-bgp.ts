import type { AddressFamily, BgpNeighborIntent } from '#intent';
import { PROTOCOL } from './names.js';
import { NS } from './namespaces.js';
import { AFI_OF, isNumberedPeer } from './render-bgp.js';
import type { Cursor } from './tree-cursor.js';
import { V } from './value-parsers.js';

const FAMILY_OF_AFI = new Map(Object.entries(AFI_OF).map(([family, afi]) => [afi, family as AddressFamily]));

/** The `protocols/protocol` entry of a network instance with this identifier, if any. */
export function protocolOf(instance: Cursor, identifier: string): Cursor | undefined {
  const found = instance.list('protocols', 'protocol').filter((p) => p.text('identifier') === identifier);
  if (found.length > 1) found[1]!.fail(`more than one ${identifier} instance`);
  return found[0];
}

export function needBgp(instance: Cursor): Cursor {
  return (protocolOf(instance, PROTOCOL.bgp) ?? instance.fail('missing the BGP protocol instance')).need('bgp');
}

/** A global AFI-SAFI of a BGP instance, by its identity. */
export function globalAfiSafi(bgp: Cursor, afiSafiName: string): Cursor | undefined {
  return bgp
    .need('global')
    .list('afi-safis', 'afi-safi')
    .find((a) => a.text('afi-safi-name') === afiSafiName);
}

/** Numbered sessions (openconfig `neighbors`) and unnumbered ones (`spx:interface-neighbors`). */
export function parseNeighbors(bgp: Cursor): BgpNeighborIntent[] {
  return [
    ...bgp.list('neighbors', 'neighbor').map((n) => neighbor(n, 'neighbor-address', V.ip)),
    ...bgp.list('interface-neighbors', 'interface-neighbor', NS.spinel).map((n) => neighbor(n, 'interface', V.nonEmpty('interface'))),
  ];
}

function neighbor(n: Cursor, keyName: string, parseKey: (raw: string) => string): BgpNeighborIntent {
  const peer = n.needParse(keyName, parseKey);
  if (keyName === 'interface' && isNumberedPeer(peer)) n.child(keyName)!.fail('an unnumbered session names an interface, not an address');
  const config = n.need('config');
  const peerAs = config.parse('peer-as', V.asn);
  const peerType = config.text('peer-type');
  if ((peerAs === undefined) === (peerType === undefined)) config.fail('exactly one of peer-as and peer-type must be set');
  if (peerType !== undefined && peerType !== 'EXTERNAL' && peerType !== 'INTERNAL') config.child('peer-type')!.fail(`unknown peer type ${peerType}`);
  const updateSource = n.child('transport')?.need('config').parse('local-address', V.nonEmpty('local address'));
  const rrClient = n.child('route-reflector')?.need('config').parse('route-reflector-client', V.bool);
  return {
    peer,
    remoteAs: peerAs ?? (peerType === 'EXTERNAL' ? 'external' : 'internal'),
    description: config.text('description') ?? '',
    addressFamilies: n.list('afi-safis', 'afi-safi').map((a) => {
      const family = FAMILY_OF_AFI.get(a.needText('afi-safi-name'));
      return family ?? a.child('afi-safi-name')!.fail('address family not used by Spinel');
    }),
    ...(rrClient ? { routeReflectorClient: true as const } : {}),
    ...(updateSource ? { updateSource } : {}),
  };
}

