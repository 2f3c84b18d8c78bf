import type { BgpNeighborIntent } from '#intent';
import type { ConfigNode } from './config-tree.js';
import type { Draft, PeerDraft, VpnFamilyDraft } from './parse-draft.js';
import type { IpFamily } from './ip-prefix.js';
import { branch, dispatch, fail, familyPrefixAt, intAt, ipAt, leaf, peerAt, remoteAsAt, type Rule } from './parse-support.js';

type Family = BgpNeighborIntent['addressFamilies'][number];

function peerDraft(peers: Map<string, PeerDraft>, node: ConfigNode, raw: string): PeerDraft {
  const peer = peerAt(node, raw);
  let p = peers.get(peer);
  if (!p) peers.set(peer, (p = { node, addressFamilies: new Set(), attributes: [] }));
  return p;
}

const attribute = (peers: Map<string, PeerDraft>, node: ConfigNode, raw: string, apply: (n: BgpNeighborIntent) => void) => peerDraft(peers, node, raw).attributes.push({ node, apply });
const enable = (peers: Map<string, PeerDraft>, family: Family) => leaf(/^peer (\S+) enable$/, (m, n) => peerDraft(peers, n, m[1]!).addressFamilies.add(family));
const reflectClient = (peers: Map<string, PeerDraft>) =>
  leaf(/^peer (\S+) reflect-client$/, (m, n) =>
    attribute(peers, n, m[1]!, (x) => {
      x.routeReflectorClient = true;
    }),
  );

/** `peer X as-number`, `description`, `connect-interface`: the lines that define a peer in its view. */
function peerRules(peers: Map<string, PeerDraft>): Rule[] {
  return [
    leaf(/^peer (\S+) as-number (\S+)$/, (m, n) => {
      const p = peerDraft(peers, n, m[1]!);
      p.node = n;
      p.defined = { peer: m[1]!, remoteAs: remoteAsAt(n, m[2]!), description: '' };
    }),
    leaf(/^peer (\S+) description (.+)$/, (m, n) =>
      attribute(peers, n, m[1]!, (x) => {
        x.description = m[2]!;
      }),
    ),
    leaf(/^peer (\S+) connect-interface (\S+)$/, (m, n) =>
      attribute(peers, n, m[1]!, (x) => {
        x.updateSource = m[2]!;
      }),
    ),
  ];
}

/** Peers as neighbors; a peer used (`peer X enable`…) but never given an AS number is an error. */
export function resolvePeers(peers: Map<string, PeerDraft>): BgpNeighborIntent[] {
  return [...peers.values()].map((p) => {
    if (!p.defined) fail('UNDEFINED_REFERENCE', p.node, `peer ${p.node.text.split(' ')[1]} is used but has no "peer … as-number" in its view`);
    const n: BgpNeighborIntent = { ...p.defined!, addressFamilies: [...p.addressFamilies] };
    for (const a of p.attributes) a.apply(n);
    return n;
  });
}

/** `bgp <asn>`: router ID, fabric peers and the address families. */
export function parseBgp(d: Draft, m: RegExpExecArray, node: ConfigNode): void {
  if (d.bgp) fail('DUPLICATE', node, `a second BGP process (first at line ${d.bgp.node.line})`);
  const bgp = { node, asn: intAt(node, m[1]!, 'AS number', 1, 4294967295), advertiseAllVni: false, networks: [] as string[], peers: new Map<string, PeerDraft>(), routerId: undefined as string | undefined };
  d.bgp = bgp;
  dispatch(node.children, node.text, [
    leaf(/^router-id (\S+)$/, (m, n) => (bgp.routerId = ipAt(n, m[1]!))),
    ...peerRules(bgp.peers),
    branch(/^ipv4-family unicast$/, (_, n) =>
      dispatch(n.children, 'ipv4-family unicast', [leaf(/^network (\S+) (\S+)$/, (m, x) => bgp.networks.push(familyPrefixAt(x, 4, m[1]!, m[2]!))), enable(bgp.peers, 'ipv4-unicast')]),
    ),
    branch(/^ipv6-family unicast$/, (_, n) => dispatch(n.children, 'ipv6-family unicast', [leaf(/^network (\S+) (\S+)$/, (m, x) => bgp.networks.push(familyPrefixAt(x, 6, m[1]!, m[2]!)))])),
    branch(/^ipv4-family vpn-instance (\S+)$/, (m, n) => parseVpnFamily(d, 4, m[1]!, n)),
    branch(/^ipv6-family vpn-instance (\S+)$/, (m, n) => parseVpnFamily(d, 6, m[1]!, n)),
    branch(/^l2vpn-family evpn$/, (_, n) =>
      dispatch(n.children, 'l2vpn-family evpn', [
        leaf(/^undo policy vpn-target$/), // follows from the role; checked against the re-render
        leaf(/^advertise-all-vni$/, () => (bgp.advertiseAllVni = true)),
        enable(bgp.peers, 'l2vpn-evpn'),
        reflectClient(bgp.peers),
        leaf(/^peer \S+ (advertise irb|next-hop-invariable)$/), // follow from the role; checked against the re-render
      ]),
    ),
  ]);
  if (!bgp.routerId) fail('MISSING', node, 'the BGP process has no router-id');
}

/** `ipv4-family vpn-instance <vrf>` (type-5 advertisement, prefixes, sessions) or its IPv6 twin (prefixes). */
function parseVpnFamily(d: Draft, family: IpFamily, vrf: string, node: ConfigNode): void {
  const f: VpnFamilyDraft = { node, networks: [], aggregates: [], advertise: false, peers: new Map() };
  (family === 4 ? d.vpnFamilies : d.vpnFamilies6).set(vrf, f);
  const prefixes: Rule[] = [
    leaf(/^network (\S+) (\S+)$/, (m, n) => f.networks.push(familyPrefixAt(n, family, m[1]!, m[2]!))),
    leaf(/^aggregate (\S+) (\S+)( detail-suppressed)?$/, (m, n) => f.aggregates.push({ prefix: familyPrefixAt(n, family, m[1]!, m[2]!), summaryOnly: !!m[3] })),
  ];
  if (family === 6) return dispatch(node.children, node.text, prefixes);
  dispatch(node.children, node.text, [leaf(/^advertise l2vpn evpn$/, () => (f.advertise = true)), ...prefixes, ...peerRules(f.peers), enable(f.peers, 'ipv4-unicast'), reflectClient(f.peers)]);
}
