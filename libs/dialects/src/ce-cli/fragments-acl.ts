import type { AclIntent, AclRuleIntent } from '#intent';
import { bridgeDomainView } from './fragments-bridge-domain.js';
import { line, view, type Fragment } from './fragment.js';
import { lengthToWildcard, splitPrefix } from './ipv4.js';

export const aclView = (name: string) => `acl name ${name} advance`;
/** VRP keeps IPv6 rules in a separate ACL object: the IPv6 twin of the same name. */
export const acl6View = (name: string) => `acl ipv6 name ${name} advance`;

/** 4 or 6 when an endpoint names a prefix of that family; undefined for a rule matching `any` to `any`. */
export function ruleFamily(r: AclRuleIntent): 4 | 6 | undefined {
  const ends = [r.source, r.destination].filter((e) => e !== 'any');
  if (ends.length === 0) return undefined;
  return ends.some((e) => e.includes(':')) ? 6 : 4;
}

export const hasIpv6Rules = (acl: AclIntent) => acl.rules.some((r) => ruleFamily(r) === 6);

/** The ACL, and its IPv6 twin while it has IPv6 rules. */
export const aclFragments = (acl: AclIntent): Fragment[] => [view([], aclView(acl.name)), ...(hasIpv6Rules(acl) ? [view([], acl6View(acl.name))] : [])];

const PROTOCOL: Record<4 | 6, Record<AclRuleIntent['protocol'], string>> = {
  4: { any: 'ip', tcp: 'tcp', udp: 'udp', icmp: 'icmp' },
  6: { any: 'ipv6', tcp: 'tcp', udp: 'udp', icmp: 'icmpv6' },
};

/** `any`; `<address> <wildcard>` for IPv4 (`0` for a host, as VRP displays it); `<address>/<length>` for IPv6. */
function endpoint(text: string): string {
  if (text === 'any' || text.includes(':')) return text;
  const p = splitPrefix(text)!;
  return `${p.address} ${lengthToWildcard(p.length)}`;
}

/** `443` → `eq 443`; `8000-8080` → `range 8000 8080`. */
export function portMatch(port: string): string {
  const range = /^(\d+)-(\d+)$/.exec(port);
  return range ? `range ${range[1]} ${range[2]}` : `eq ${port}`;
}

/** An advanced-ACL rule of one family; protocol `any` is `ip` (IPv4) or `ipv6`. */
export function aclRuleText(r: AclRuleIntent, family: 4 | 6): string {
  const port = r.destinationPort ? ` destination-port ${portMatch(r.destinationPort)}` : '';
  return `rule ${r.sequence} ${r.action} ${PROTOCOL[family][r.protocol]} source ${endpoint(r.source)} destination ${endpoint(r.destination)}${port}`;
}

/** A rule goes to the ACL of its family; one matching `any` to `any` to both while there is an IPv6 twin. */
export function aclRuleFragments(acl: AclIntent, r: AclRuleIntent): Fragment[] {
  const family = ruleFamily(r);
  const out: Fragment[] = [];
  if (family !== 6) out.push(line([aclView(acl.name)], aclRuleText(r, 4)));
  if (family === 6 || (family === undefined && hasIpv6Rules(acl))) out.push(line([acl6View(acl.name)], aclRuleText(r, 6)));
  return out;
}

/**
 * Where a policy is enforced: `traffic-filter` in the bridge-domain view, so it covers every port
 * of the logical switch on this leaf whatever the access interface. `inbound` filters traffic
 * entering the bridge domain from its ports (sent by the pods), `outbound` traffic leaving towards
 * them. The IPv6 twin is applied alongside. Several ACLs may filter one direction of one bridge
 * domain (Spinel's emulated switch evaluates them in name order; a real CE takes one per direction).
 */
export const aclBindingFragments = (acl: AclIntent, b: AclIntent['bindings'][number]): Fragment[] => [
  line([bridgeDomainView(b.bridgeDomain)], `traffic-filter acl name ${acl.name} ${b.direction}`),
  ...(hasIpv6Rules(acl) ? [line([bridgeDomainView(b.bridgeDomain)], `traffic-filter acl ipv6 name ${acl.name} ${b.direction}`)] : []),
];
