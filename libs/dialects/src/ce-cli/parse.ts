import { canonicalize, type AclRuleIntent, type DeviceIntent, type VrfIntent } from '#intent';
import type { ParseContext } from '../dialect.js';
import { CeCliParseError } from './ce-cli.errors.js';
import { parseConfigText, type ConfigNode } from './config-tree.js';
import { checkAgainstRender } from './consistency.js';
import { resolvePeers, parseBgp } from './parse-bgp.js';
import { emptyDraft, type Draft } from './parse-draft.js';
import { parseInterface, parseOspf } from './parse-interfaces.js';
import { branch, dispatch, fail, leaf } from './parse-support.js';
import { parseAcl, parseBridgeDomain, parseNat, parseStaticRoute, parseVpnInstance } from './parse-tenant.js';
import { renderTree } from './render.js';

/**
 * Running configuration → DeviceIntent (canonical). Strict: every line must be one Spinel writes,
 * in the view where it writes it; the only lines skipped are `#` separators, `!` comments, empty
 * lines, a final `return`, and views with nothing in them (unconfigured ports, empty address
 * families). Lines that follow from others are checked against a re-render of the result.
 */
export function parseCeCli(text: string, context: ParseContext): DeviceIntent {
  const nodes = parseConfigText(text);
  const d = emptyDraft();
  dispatch(nodes, 'system view', [
    leaf(/^sysname (\S+)$/, (_, n) => (d.sysname = n)),
    leaf(/^evpn-overlay enable$/), // follows from the role
    branch(/^ip vpn-instance (\S+)$/, (m, n) => parseVpnInstance(d, m, n)),
    branch(/^bridge-domain (\S+)$/, (m, n) => parseBridgeDomain(d, m, n)),
    branch(/^acl( ipv6)? name (\S+) advance$/, (m, n) => parseAcl(d, m, n)),
    branch(/^interface (\S+?)( mode l2)?$/, (m, n) => parseInterface(d, m, n)),
    branch(/^bgp (\S+)$/, (m, n) => parseBgp(d, m, n)),
    branch(/^ospf 1 router-id (\S+)$/, (m, n) => parseOspf(d, m, n)),
    leaf(/^ip(v6)? route-static vpn-instance (\S+) (\S+) (\S+) (\S+)$/, (m, n) => parseStaticRoute(d, m, n)),
    branch(/^nat instance (\S+)$/, (m, n) => parseNat(d, m, n)),
  ]);
  const intent = assemble(d, context);
  checkAgainstRender(nodes, renderTree(intent));
  return intent;
}

const missing = (what: string, reason: string): never => {
  throw new CeCliParseError('MISSING', 0, what, reason);
};

function assemble(d: Draft, context: ParseContext): DeviceIntent {
  if (!d.sysname) missing('sysname', `no "sysname" (expected ${context.device})`);
  if (d.sysname!.text !== `sysname ${context.device}`) fail('INCONSISTENT', d.sysname!, `this is the configuration of another device (expected sysname ${context.device})`);
  if (!d.routerId) missing('interface LoopBack0', 'no loopback address (interface LoopBack0 with a /32): the router ID');
  if (!d.bgp) missing('bgp', 'no BGP process');
  const bgp = d.bgp!;

  const vrfRef = (name: string, node: { line: number; text: string }, what: string) => d.vrfs.has(name) || fail('UNDEFINED_REFERENCE', node, `${what} refers to vpn-instance ${name}, which is not defined`);
  for (const [name, f] of [...d.vpnFamilies, ...d.vpnFamilies6]) vrfRef(name, f.node, 'the BGP address family');
  for (const s of d.staticRoutes) vrfRef(s.vrf, s.node, 'the static route');
  for (const [name, node] of d.defaultRoutes) vrfRef(name, node, 'the default route');
  for (const [name, n] of d.nat) vrfRef(name, n.node, 'the NAT instance');
  for (const [id, v] of d.vbdifs) {
    if (!d.bridgeDomains.has(id)) fail('UNDEFINED_REFERENCE', v.node, `bridge-domain ${id} is not defined`);
    if (v.vrf !== undefined) vrfRef(v.vrf, v.node, `interface Vbdif${id}`);
  }
  for (const a of d.attachments) if (!d.bridgeDomains.has(a.bridgeDomain)) fail('UNDEFINED_REFERENCE', a.node, `bridge-domain ${a.bridgeDomain} is not defined`);
  for (const b of d.aclBindings) if (!d.acls.has(b.acl) && !d.acls6.has(b.acl)) fail('UNDEFINED_REFERENCE', b.node, `acl name ${b.acl} is not defined`);

  const vrfs: VrfIntent[] = [...d.vrfs.values()].map(({ vrf }) => {
    const family = d.vpnFamilies.get(vrf.name);
    const family6 = d.vpnFamilies6.get(vrf.name);
    const defaultRoute = d.defaultRoutes.has(vrf.name);
    return {
      ...vrf,
      staticRoutes: d.staticRoutes.filter((s) => s.vrf === vrf.name).map((s) => s.route),
      neighbors: family ? resolvePeers(family.peers) : [],
      networks: [...(family?.networks ?? []).filter((n) => !(defaultRoute && n === '0.0.0.0/0')), ...(family6?.networks ?? [])],
      aggregates: [...(family?.aggregates ?? []), ...(family6?.aggregates ?? [])],
      advertiseIpv4Unicast: family?.advertise ?? false,
      ...(defaultRoute ? { defaultRouteToExternal: true as const } : {}),
    };
  });

  return canonicalize({
    device: context.device,
    role: context.role,
    routerId: d.routerId!,
    asn: bgp.asn,
    ...(d.vtepSource ? { vtepSource: d.vtepSource } : {}),
    underlay: { protocol: d.ospf ? 'ibgp' : 'ebgp' },
    interfaces: d.interfaces,
    bgp: { asn: bgp.asn, routerId: bgp.routerId!, neighbors: resolvePeers(bgp.peers), ...(bgp.advertiseAllVni ? { advertiseAllVni: true as const } : {}), networks: bgp.networks },
    vrfs,
    bridgeDomains: [...d.bridgeDomains.values()].map(({ bd }) => {
      const v = d.vbdifs.get(bd.id);
      return {
        ...bd,
        ...(v?.vrf ? { vrf: v.vrf } : {}),
        ...(v?.address && v.mac ? { gateway: { ip: v.address.ip, prefixLength: v.address.prefixLength, mac: v.mac } } : {}),
        attachments: d.attachments.filter((a) => a.bridgeDomain === bd.id).map((a) => ({ interface: a.interface, vlan: a.vlan })),
      };
    }),
    acls: [...new Set([...d.acls.keys(), ...d.acls6.keys()])].map((name) => ({
      name,
      rules: mergeAclRules(d.acls.get(name)?.rules ?? [], d.acls6.get(name)?.rules ?? []),
      bindings: d.aclBindings.filter((b) => b.acl === name).map((b) => ({ bridgeDomain: b.bridgeDomain, direction: b.direction })),
    })),
    nat: [...d.nat].map(([vrf, n]) => ({ vrf, snatPools: n.pools, staticNat: n.statics })),
  });
}

/**
 * The rules of an ACL and its IPv6 twin, by number. Only a rule matching `any` to `any` belongs to
 * both, the same in each; any other number used twice is a DUPLICATE.
 */
function mergeAclRules(v4: { node: ConfigNode; rule: AclRuleIntent }[], v6: { node: ConfigNode; rule: AclRuleIntent }[]): AclRuleIntent[] {
  const out = new Map(v4.map((r) => [r.rule.sequence, r]));
  for (const r of v6) {
    const twin = out.get(r.rule.sequence);
    if (!twin) out.set(r.rule.sequence, r);
    else if (JSON.stringify(twin.rule) !== JSON.stringify(r.rule) || r.rule.source !== 'any' || r.rule.destination !== 'any') {
      fail('DUPLICATE', r.node, `rule ${r.rule.sequence} is also in the IPv4 ACL (line ${twin.node.line}); only a rule matching any to any belongs to both, identically`);
    }
  }
  return [...out.values()].map((r) => r.rule);
}
