import type { AclRuleIntent } from '#intent';
import type { ConfigNode } from './config-tree.js';
import { PUBLIC_NEXT_HOP } from './fragments-vrf.js';
import { snatGroupName } from './fragments-nat.js';
import { ipv4ToInt, isNetworkAddress, intToIpv4, wildcardToLength } from './ipv4.js';
import type { Draft } from './parse-draft.js';
import { addressFamily } from './ip-prefix.js';
import { branch, communityAt, dispatch, fail, familyPrefixAt, intAt, ipAt, leaf } from './parse-support.js';

/** `ip vpn-instance <vrf>`: RD and EVPN route targets in `ipv4-family`, the L3 VNI. */
export function parseVpnInstance(d: Draft, m: RegExpExecArray, node: ConfigNode): void {
  const name = m[1]!;
  let routeDistinguisher: string | undefined;
  let l3Vni: number | undefined;
  const rts = { import: [] as string[], export: [] as string[] };
  dispatch(node.children, node.text, [
    branch(/^ipv4-family$/, (_, f) =>
      dispatch(f.children, `${node.text} ipv4-family`, [
        leaf(/^route-distinguisher (\S+)$/, (x, n) => (routeDistinguisher = communityAt(n, x[1]!, 'route distinguisher'))),
        leaf(/^vpn-target (\S+) (import|export)-extcommunity evpn$/, (x, n) => rts[x[2] as 'import' | 'export'].push(communityAt(n, x[1]!, 'route target'))),
      ]),
    ),
    // Dual stack: the IPv6 family repeats the RD (checked against the re-render).
    branch(/^ipv6-family$/, (_, f) => dispatch(f.children, `${node.text} ipv6-family`, [leaf(/^route-distinguisher (\S+)$/, (x, n) => void communityAt(n, x[1]!, 'route distinguisher'))])),
    leaf(/^vxlan vni (\S+)$/, (x, n) => (l3Vni = intAt(n, x[1]!, 'VNI', 1, 16777215))),
  ]);
  if (!routeDistinguisher) fail('MISSING', node, 'the VPN instance has no route-distinguisher');
  if (l3Vni === undefined) fail('MISSING', node, 'the VPN instance has no "vxlan vni" (its L3 VNI)');
  d.vrfs.set(name, { node, vrf: { name, l3Vni: l3Vni!, routeDistinguisher: routeDistinguisher!, importRouteTargets: rts.import, exportRouteTargets: rts.export } });
}

/**
 * `ip route-static vpn-instance <vrf> <ip> <mask> <next-hop>` (next hop `public`: the default towards
 * the outside) or `ipv6 route-static vpn-instance <vrf> <ip> <length> <next-hop>`.
 */
export function parseStaticRoute(d: Draft, m: RegExpExecArray, node: ConfigNode): void {
  const [, v6, vrf, address, mask, nextHop] = m as unknown as [string, string | undefined, string, string, string, string];
  const family = v6 ? 6 : 4;
  const prefix = familyPrefixAt(node, family, address, mask);
  if (nextHop !== PUBLIC_NEXT_HOP || v6) {
    if (addressFamily(nextHop) !== family) fail('BAD_VALUE', node, `next hop "${nextHop}" is not an IPv${family} address${family === 6 ? ' in canonical form' : ''}`);
    return void d.staticRoutes.push({ node, vrf, route: { prefix, nextHop } });
  }
  if (prefix !== '0.0.0.0/0') fail('BAD_VALUE', node, `only the default route may point to the public network instance`);
  d.defaultRoutes.set(vrf, node);
}

/** `bridge-domain <id>`: description, L2 VNI, ARP suppression, ACL bindings, EVPN instance. */
export function parseBridgeDomain(d: Draft, m: RegExpExecArray, node: ConfigNode): void {
  const id = intAt(node, m[1]!, 'bridge-domain', 1, 16777215);
  let description = '';
  let l2Vni: number | undefined;
  let arpSuppression = false;
  let routeDistinguisher: string | undefined;
  const rts = { import: [] as string[], export: [] as string[] };
  dispatch(node.children, node.text, [
    leaf(/^description (.+)$/, (x) => (description = x[1]!)),
    leaf(/^vxlan vni (\S+)$/, (x, n) => (l2Vni = intAt(n, x[1]!, 'VNI', 1, 16777215))),
    leaf(/^arp broadcast-suppress enable$/, () => (arpSuppression = true)),
    leaf(/^traffic-filter acl name (\S+) (inbound|outbound)$/, (x, n) => d.aclBindings.push({ node: n, acl: x[1]!, bridgeDomain: id, direction: x[2] as 'inbound' | 'outbound' })),
    leaf(/^traffic-filter acl ipv6 name \S+ (inbound|outbound)$/), // the IPv6 twin's binding: checked against the re-render
    branch(/^evpn$/, (_, e) =>
      dispatch(e.children, `${node.text} evpn`, [
        leaf(/^route-distinguisher (\S+)$/, (x, n) => (routeDistinguisher = communityAt(n, x[1]!, 'route distinguisher'))),
        leaf(/^vpn-target (\S+) (import|export)-extcommunity$/, (x, n) => rts[x[2] as 'import' | 'export'].push(communityAt(n, x[1]!, 'route target'))),
      ]),
    ),
  ]);
  if (l2Vni === undefined) fail('MISSING', node, 'the bridge domain has no "vxlan vni"');
  if (!routeDistinguisher) fail('MISSING', node, 'the bridge domain has no EVPN instance with a route-distinguisher');
  d.bridgeDomains.set(id, { node, bd: { id, l2Vni: l2Vni!, description, routeDistinguisher: routeDistinguisher!, importRouteTargets: rts.import, exportRouteTargets: rts.export, arpSuppression } });
}

const PROTOCOLS: Record<4 | 6, Record<string, AclRuleIntent['protocol']>> = {
  4: { ip: 'any', tcp: 'tcp', udp: 'udp', icmp: 'icmp' },
  6: { ipv6: 'any', tcp: 'tcp', udp: 'udp', icmpv6: 'icmp' },
};
const ENDPOINT = { 4: '(any|\\S+ \\S+)', 6: '(any|\\S+)' };
const ruleRe = (family: 4 | 6) =>
  new RegExp(`^rule (\\d+) (permit|deny) (\\S+) source ${ENDPOINT[family]} destination ${ENDPOINT[family]}(?: destination-port (?:eq (\\d+)|range (\\d+) (\\d+)))?$`);

function endpointAt(node: ConfigNode, family: 4 | 6, text: string): string {
  if (text === 'any') return 'any';
  if (family === 6) {
    const [address, length] = text.split('/');
    return familyPrefixAt(node, 6, address!, length ?? '');
  }
  const [address, wildcard] = text.split(' ') as [string, string];
  ipAt(node, address);
  const length = wildcardToLength(wildcard);
  if (length === undefined) fail('BAD_VALUE', node, `"${wildcard}" is not a contiguous wildcard`);
  if (!isNetworkAddress(address, length!)) fail('BAD_VALUE', node, `${address} has bits set outside wildcard ${wildcard}`);
  return `${address}/${length}`;
}

function ruleAt(n: ConfigNode, family: 4 | 6): AclRuleIntent {
  const shape = family === 4 ? '<ip> <wildcard>' : '<ipv6>/<length>';
  const protocols = Object.keys(PROTOCOLS[family]).join('|');
  const r = ruleRe(family).exec(n.text) ?? fail('BAD_VALUE', n, `expected "rule <n> permit|deny ${protocols} source ${shape}|any destination ${shape}|any [destination-port eq <p>|range <a> <b>]"`);
  const protocol = PROTOCOLS[family][r[3]!] ?? fail('BAD_VALUE', n, `protocol "${r[3]}" is not one of ${protocols}`);
  const rule: AclRuleIntent = { sequence: intAt(n, r[1]!, 'rule number', 0, 4294967294), action: r[2] as 'permit' | 'deny', protocol, source: endpointAt(n, family, r[4]!), destination: endpointAt(n, family, r[5]!) };
  if (r[6] !== undefined || r[7] !== undefined) {
    if (protocol !== 'tcp' && protocol !== 'udp') fail('BAD_VALUE', n, `a destination port needs tcp or udp, not ${r[3]}`);
    const eq = r[6] !== undefined ? intAt(n, r[6], 'port', 0, 65535) : undefined;
    const [lo, hi] = eq === undefined ? [intAt(n, r[7]!, 'port', 0, 65535), intAt(n, r[8]!, 'port', 0, 65535)] : [eq, eq];
    if (hi < lo) fail('BAD_VALUE', n, `port range ${lo} ${hi} is descending`);
    rule.destinationPort = eq !== undefined ? String(eq) : `${lo}-${hi}`;
  }
  return rule;
}

/** `acl name <name> advance` (IPv4 rules) or `acl ipv6 name <name> advance` (IPv6 rules), with their rules. */
export function parseAcl(d: Draft, m: RegExpExecArray, node: ConfigNode): void {
  const family = m[1] ? 6 : 4;
  const rules: { node: ConfigNode; rule: AclRuleIntent }[] = [];
  dispatch(node.children, node.text, [leaf(/^rule /, (_, n) => rules.push({ node: n, rule: ruleAt(n, family) }))]);
  (family === 6 ? d.acls6 : d.acls).set(m[2]!, { node, rules });
}

/** `nat address-group <name> <first> <last>` → the pool prefix it covers; the name must be Spinel's. */
function poolAt(node: ConfigNode, name: string, first: string, last: string): string {
  const start = ipv4ToInt(ipAt(node, first));
  const size = ipv4ToInt(ipAt(node, last)) - start + 1;
  const length = 32 - Math.log2(size);
  if (!Number.isInteger(length) || !isNetworkAddress(first, length)) fail('BAD_VALUE', node, `${first}..${last} is not a whole prefix (Spinel's SNAT pools are CIDR blocks)`);
  const pool = `${intToIpv4(start)}/${length}`;
  if (name !== snatGroupName(pool)) fail('BAD_VALUE', node, `address group ${name} should be named ${snatGroupName(pool)} after the pool it covers`);
  return pool;
}

/** `nat instance <vrf>`: SNAT pools (address group + outbound rule) and static NAT of one VRF. */
export function parseNat(d: Draft, m: RegExpExecArray, node: ConfigNode): void {
  const vrf = m[1]!;
  const nat = { node, pools: [] as string[], statics: [] as { public: string; private: string }[] };
  dispatch(node.children, node.text, [
    leaf(/^nat address-group (\S+) (\S+) (\S+)$/, (x, n) => nat.pools.push(poolAt(n, x[1]!, x[2]!, x[3]!))),
    leaf(/^nat outbound vpn-instance \S+ address-group \S+$/), // one per pool; checked against the re-render
    leaf(/^nat static global (\S+) inside (\S+) vpn-instance (\S+)$/, (x, n) => {
      if (x[3] !== vrf) fail('INCONSISTENT', n, `static NAT for vpn-instance ${x[3]} inside nat instance ${vrf}`);
      nat.statics.push({ public: ipAt(n, x[1]!), private: ipAt(n, x[2]!) });
    }),
  ]);
  d.nat.set(vrf, nat);
}
