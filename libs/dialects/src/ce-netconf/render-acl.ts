import type { AclIntent, AclRuleIntent, DeviceIntent } from '#intent';
import { bridgeDomainInstanceName } from './names.js';
import { NS } from './namespaces.js';
import { ns, type YNode } from './yang-tree.js';

const oc = ns(NS.acl);
const spx = ns(NS.spinel);

export const PROTOCOL_IDENTITY: Readonly<Record<Exclude<AclRuleIntent['protocol'], 'any'>, string>> = {
  tcp: 'oc-pkt-match-types:IP_TCP',
  udp: 'oc-pkt-match-types:IP_UDP',
  icmp: 'oc-pkt-match-types:IP_ICMP',
};
export const ACTION_IDENTITY: Readonly<Record<AclRuleIntent['action'], string>> = { permit: 'oc-acl:ACCEPT', deny: 'oc-acl:DROP' };

/**
 * `/acl` (openconfig-acl): one acl-set per ACL, typed by the address families its rules use
 * (ACL_IPV4, ACL_IPV6, or ACL_MIXED), entries keyed by the rule's sequence; and one binding point
 * per bridge domain, `interface[id=BD<bd>]`, which names the bridge domain through the
 * `spx:bridge-domain` extension leaf (openconfig-acl can only reference interfaces) and lists the
 * ACLs applied inbound (`ingress-acl-sets`) and outbound (`egress-acl-sets`).
 */
export function renderAcls(i: DeviceIntent): YNode | undefined {
  const byBridgeDomain = new Map<number, { ingress: AclIntent[]; egress: AclIntent[] }>();
  for (const acl of i.acls) {
    for (const b of acl.bindings) {
      const point = byBridgeDomain.get(b.bridgeDomain) ?? byBridgeDomain.set(b.bridgeDomain, { ingress: [], egress: [] }).get(b.bridgeDomain)!;
      (b.direction === 'inbound' ? point.ingress : point.egress).push(acl);
    }
  }
  const setRef = (list: string, acl: AclIntent) => {
    const keys = () => [oc.l('set-name', acl.name)!, oc.l('type', aclType(acl))!];
    return oc.entry(list, keys(), oc.c('config', keys()));
  };
  return oc.c(
    'acl',
    oc.c('acl-sets', i.acls.map(aclSet)),
    oc.c(
      'interfaces',
      [...byBridgeDomain].sort(([a], [b]) => a - b).map(([bd, point]) => {
        const id = bridgeDomainInstanceName(bd);
        return oc.entry(
          'interface',
          [oc.l('id', id)!],
          oc.c('config', oc.l('id', id), spx.l('bridge-domain', bd)),
          oc.c('ingress-acl-sets', point.ingress.map((a) => setRef('ingress-acl-set', a))),
          oc.c('egress-acl-sets', point.egress.map((a) => setRef('egress-acl-set', a))),
        );
      }),
    ),
  );
}

function aclSet(acl: AclIntent): YNode {
  const type = aclType(acl);
  const keys = () => [oc.l('name', acl.name)!, oc.l('type', type)!];
  return oc.entry('acl-set', keys(), oc.c('config', keys()), oc.c('acl-entries', acl.rules.map((r) => aclEntry(r, type))));
}

function aclEntry(r: AclRuleIntent, type: string): YNode {
  const family = ruleFamily(r) ?? (type === 'oc-acl:ACL_IPV6' ? 6 : 4);
  const address = (a: string) => (a === 'any' ? undefined : a);
  return oc.entry(
    'acl-entry',
    [oc.l('sequence-id', r.sequence)!],
    oc.c('config', oc.l('sequence-id', r.sequence)),
    oc.c(
      family === 6 ? 'ipv6' : 'ipv4',
      oc.c(
        'config',
        oc.l('source-address', address(r.source)),
        oc.l('destination-address', address(r.destination)),
        oc.l('protocol', r.protocol === 'any' ? undefined : PROTOCOL_IDENTITY[r.protocol]),
      ),
    ),
    oc.c('transport', oc.c('config', oc.l('destination-port', r.destinationPort?.replace('-', '..')))),
    oc.c('actions', oc.c('config', oc.l('forwarding-action', ACTION_IDENTITY[r.action]))),
  );
}

/** The set's type: the address families its rules match on (a rule on `any` matches both). */
export function aclType(acl: AclIntent): string {
  const families = new Set(acl.rules.map(ruleFamily).filter((f) => f !== undefined));
  if (families.size > 1) return 'oc-acl:ACL_MIXED';
  return families.has(6) ? 'oc-acl:ACL_IPV6' : 'oc-acl:ACL_IPV4';
}

function ruleFamily(r: AclRuleIntent): 4 | 6 | undefined {
  const families = new Set([r.source, r.destination].filter((a) => a !== 'any').map((a) => (a.includes(':') ? 6 : 4)));
  if (families.size > 1) throw new Error(`ACL rule ${r.sequence} matches an IPv4 and an IPv6 address (${r.source} → ${r.destination}); one rule matches one family`);
  return families.values().next().value;
}
