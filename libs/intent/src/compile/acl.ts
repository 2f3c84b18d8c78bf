import type { AclIntent, AclRuleIntent } from '../device-intent.js';
import type { SnapshotPort, SnapshotSecurityPolicy, SnapshotVpc } from '../snapshot.js';

const STEP = 5;

export const matches = (labels: Record<string, string>, selector: Record<string, string>): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

const host = (ip: string) => (ip.includes(':') ? `${ip}/128` : `${ip}/32`);
const byAddress = (a: SnapshotPort, b: SnapshotPort) => a.ip.localeCompare(b.ip, 'en', { numeric: true }) || (a.id < b.id ? -1 : 1);

type Direction = 'ingress' | 'egress';
interface Candidate {
  /** Sort key: explicit rules by priority, then every policy's default for its ports. */
  rank: [number, number, string, number];
  rule: Omit<AclRuleIntent, 'sequence'>;
}

/**
 * The security policies of one VPC on one leaf → one ACL per bridge domain and direction, as a
 * switch applies one filter per bridge domain and direction. `-in` filters traffic towards the
 * selected ports (bound outbound), `-out` traffic from them (bound inbound).
 *
 * Several policies on one port combine like Kubernetes NetworkPolicies: explicit rules in priority
 * order (ties broken by policy name), then the policies' defaults — `allow` defaults before `deny`
 * ones, so a port that any policy allows by default is allowed. Peers named by label selector
 * expand to the matching ports' host addresses. Ports are taken in address order, so rule numbers
 * do not depend on the order objects were created.
 */
export function compilePolicies(
  vpc: SnapshotVpc,
  policies: SnapshotSecurityPolicy[],
  localPorts: SnapshotPort[],
  vpcPorts: SnapshotPort[],
  bridgeDomainOf: (p: SnapshotPort) => number | undefined,
): AclIntent[] {
  const perAcl = new Map<string, { bd: number; direction: Direction; candidates: Candidate[] }>();
  const sortedPolicies = [...policies].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const policy of sortedPolicies) {
    const targets = localPorts.filter((p) => matches(p.labels, policy.appliesTo) && bridgeDomainOf(p) !== undefined).sort(byAddress);
    for (const direction of ['ingress', 'egress'] as const) {
      const add = (t: SnapshotPort, rank: Candidate['rank'], rule: Candidate['rule']) => {
        const bd = bridgeDomainOf(t) as number;
        const key = `${bd}/${direction}`;
        const acl = perAcl.get(key) ?? { bd, direction, candidates: [] };
        acl.candidates.push({ rank, rule });
        perAcl.set(key, acl);
      };
      for (const rule of policy.rules) {
        if (rule.direction !== direction) continue;
        const peers = rule.cidr
          ? [rule.cidr]
          : rule.peerSelector
            ? [...new Set(vpcPorts.filter((p) => matches(p.labels, rule.peerSelector as Record<string, string>)).sort(byAddress).map((p) => host(p.ip)))]
            : ['any'];
        for (const [ti, t] of targets.entries()) {
          for (const peer of peers) {
            const [source, destination] = direction === 'ingress' ? [peer, host(t.ip)] : [host(t.ip), peer];
            add(t, [0, rule.priority, policy.name, ti], { action: rule.action === 'allow' ? 'permit' : 'deny', protocol: rule.protocol, source, destination, ...(rule.ports ? { destinationPort: rule.ports } : {}) });
          }
        }
      }
      for (const [ti, t] of targets.entries()) {
        const [source, destination] = direction === 'ingress' ? ['any', host(t.ip)] : [host(t.ip), 'any'];
        const allow = policy.defaultAction === 'allow';
        add(t, [allow ? 1 : 2, 0, policy.name, ti], { action: allow ? 'permit' : 'deny', protocol: 'any', source, destination });
      }
    }
  }
  return [...perAcl.values()].map(({ bd, direction, candidates }) => {
    const ordered = candidates.sort((a, b) => compareRank(a.rank, b.rank));
    const seen = new Set<string>();
    const rules: AclRuleIntent[] = [];
    for (const { rule } of ordered) {
      const key = JSON.stringify(rule);
      if (seen.has(key)) continue; // the same rule from two policies matches the same packets
      seen.add(key);
      rules.push({ sequence: (rules.length + 1) * STEP, ...rule });
    }
    return {
      name: `${vpc.vrfName}-bd${bd}-${direction === 'ingress' ? 'in' : 'out'}`,
      rules,
      bindings: [{ bridgeDomain: bd, direction: direction === 'ingress' ? ('outbound' as const) : ('inbound' as const) }],
    };
  });
}

function compareRank(a: Candidate['rank'], b: Candidate['rank']): number {
  return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0) || a[3] - b[3];
}
