/**
 * Which configuration commands each VRP view knows, so that the emulated CLI answers an unknown or
 * incomplete line like the switch (`Error: Unrecognized command found at '^' position.` under the
 * first word it could not take) instead of storing it. The commands are those the ce-cli dialect
 * writes; a template is words separated by spaces, where `a|b` is a choice and the placeholders are
 * N (a number), IP (an IPv4 address or mask), W (any word) and `…` (the rest of the line, at least a word).
 */
export type ViewKind = 'system' | 'interface' | 'bridge-domain' | 'bd-evpn' | 'vpn-instance' | 'vpn-family' | 'bgp' | 'bgp-family' | 'acl' | 'ospf' | 'ospf-area' | 'nat';

const PEER_SESSION = ['peer W as-number N|external|internal', 'peer W description …', 'peer W connect-interface W'];
const ROUTE_TARGETS = ['route-distinguisher W', 'vpn-target W export-extcommunity|import-extcommunity', 'vpn-target W export-extcommunity|import-extcommunity evpn'];
const NAT = ['nat address-group W IP IP', 'nat outbound vpn-instance W address-group W', 'nat static global IP inside IP vpn-instance W'];

const TEMPLATES: Record<ViewKind, readonly string[]> = {
  system: [
    'sysname W',
    'evpn-overlay enable',
    'ip vpn-instance W',
    'bridge-domain N',
    'interface W',
    'interface W mode l2',
    'bgp N',
    'acl name W',
    'acl name W advance',
    'acl ipv6 name W',
    'acl ipv6 name W advance',
    'ospf N',
    'ospf N router-id IP',
    'nat instance W',
    'ip route-static vpn-instance W IP IP IP|public',
    'ipv6 route-static vpn-instance W W N W|public',
  ],
  interface: [
    'portswitch',
    'description …',
    'mtu N',
    'ipv6 enable',
    'ipv6 address auto link-local',
    'ip address IP IP',
    'ip address unnumbered interface W',
    'ip binding vpn-instance W',
    'mac-address W',
    'vxlan anycast-gateway enable',
    'arp collect host enable',
    'encapsulation dot1q vid N',
    'bridge-domain N',
    'source IP',
    'vni N head-end peer-list protocol bgp',
    'traffic-filter acl name W inbound|outbound',
    'traffic-filter acl ipv6 name W inbound|outbound',
    'ospf enable N area IP',
    'ospf network-type p2p|broadcast',
  ],
  'bridge-domain': ['description …', 'vxlan vni N', 'arp broadcast-suppress enable', 'evpn', 'traffic-filter acl name W inbound|outbound', 'traffic-filter acl ipv6 name W inbound|outbound'],
  'bd-evpn': ROUTE_TARGETS,
  'vpn-instance': ['ipv4-family', 'ipv6-family', 'vxlan vni N', 'description …'],
  'vpn-family': ROUTE_TARGETS,
  bgp: ['router-id IP', ...PEER_SESSION, 'ipv4-family unicast', 'ipv6-family unicast', 'ipv4-family vpn-instance W', 'ipv6-family vpn-instance W', 'l2vpn-family evpn'],
  'bgp-family': [
    ...PEER_SESSION,
    'network IP IP',
    'peer W enable',
    'peer W advertise irb',
    'peer W reflect-client',
    'peer W next-hop-invariable',
    'advertise l2vpn evpn',
    'advertise-all-vni',
    'aggregate IP IP',
    'aggregate IP IP detail-suppressed',
    'policy vpn-target',
    'import-route W',
  ],
  acl: ['rule N permit|deny …'],
  ospf: ['area IP'],
  'ospf-area': ['network IP IP'],
  nat: NAT,
};

/** The kind of the view reached by `path` (view commands from system view down). */
export function viewKindOf(path: readonly string[]): ViewKind {
  const [top = '', inner] = path;
  if (path.length === 0) return 'system';
  if (top.startsWith('interface ')) return 'interface';
  if (top.startsWith('bridge-domain ')) return inner ? 'bd-evpn' : 'bridge-domain';
  if (top.startsWith('ip vpn-instance ')) return inner ? 'vpn-family' : 'vpn-instance';
  if (top.startsWith('bgp ')) return inner ? 'bgp-family' : 'bgp';
  if (top.startsWith('acl ')) return 'acl';
  if (top.startsWith('ospf ')) return inner ? 'ospf-area' : 'ospf';
  return 'nat';
}

/** Why a line is not a command of a view: unknown from `column` on, or cut short. */
export interface SyntaxProblem {
  kind: 'unrecognized' | 'incomplete';
  /** 0-based column of the line where the switch puts its caret. */
  column: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function tokenMatches(template: string, word: string): boolean {
  if (template.includes('|')) return template.split('|').some((choice) => tokenMatches(choice, word));
  if (template === 'N') return /^\d{1,10}$/.test(word);
  if (template === 'IP') return IPV4.test(word);
  if (template === 'W' || template === '…') return true;
  return template === word;
}

/** How many leading words of `words` the template takes, and whether it takes the whole line. */
function matchTemplate(template: string, words: readonly string[]): { taken: number; complete: boolean } {
  const tokens = template.split(' ');
  let taken = 0;
  for (const token of tokens) {
    if (token === '…') return words.length > taken ? { taken: words.length, complete: true } : { taken, complete: false };
    if (taken >= words.length || !tokenMatches(token, words[taken]!)) return { taken, complete: false };
    taken++;
  }
  return { taken, complete: taken === words.length };
}

/** Checks a configuration line against a view's commands; `undo` takes any leading part of one. */
export function checkSyntax(kind: ViewKind, line: string): SyntaxProblem | undefined {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const undo = words[0] === 'undo';
  const body = undo ? words.slice(1) : words;
  const templates = TEMPLATES[kind];
  let best = 0;
  for (const template of templates) {
    const { taken, complete } = matchTemplate(template, body);
    if (complete && body.length > 0) return undefined;
    // `undo description`, `undo peer X`, `undo bridge-domain 10`: a leading part of the command.
    if (undo && taken === body.length && body.length > 0) return undefined;
    best = Math.max(best, taken);
  }
  if (body.length > 0 && best === body.length) return { kind: 'incomplete', column: line.trimEnd().length };
  return { kind: 'unrecognized', column: columnOfWord(line, best + (undo ? 1 : 0)) };
}

/** The column where the n-th (0-based) word of `line` starts; the end of the line if there is none. */
export function columnOfWord(line: string, n: number): number {
  const re = /\S+/g;
  for (let k = 0, m = re.exec(line); m; k++, m = re.exec(line)) if (k === n) return m.index;
  return line.trimEnd().length;
}
