import type { AclIntent, AclRuleIntent } from '../device-intent.js';
import type { SnapshotPort, SnapshotSecurityPolicy, SnapshotVpc } from '../snapshot.js';

const STEP = 5;

export const matches = (labels: Record<string, string>, selector: Record<string, string>): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

const host = (ip: string) => (ip.includes(':') ? `${ip}/128` : `${ip}/32`);

/**
 * One policy on one leaf → two ACLs: `-in` for traffic towards the selected ports (bound outbound
 * on their bridge domains) and `-out` for traffic from them (bound inbound). Rules keep the policy's
 * priority order; peers given by label selector expand to the matching ports' host addresses; a
 * last rule applies the policy's default action to the selected ports.
 */
export function compilePolicy(
  vpc: SnapshotVpc,
  policy: SnapshotSecurityPolicy,
  localPorts: SnapshotPort[],
  vpcPorts: SnapshotPort[],
  bridgeDomainOf: (p: SnapshotPort) => number | undefined,
): AclIntent[] {
  // Rule numbers follow the order of ports, so the ports are put in a canonical order first.
  const byAddress = (a: SnapshotPort, b: SnapshotPort) => a.ip.localeCompare(b.ip, 'en', { numeric: true }) || (a.id < b.id ? -1 : 1);
  const targets = localPorts.filter((p) => matches(p.labels, policy.appliesTo) && bridgeDomainOf(p) !== undefined).sort(byAddress);
  if (!targets.length) return [];
  const bds = [...new Set(targets.map((p) => bridgeDomainOf(p) as number))];
  const out: AclIntent[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const rules: AclRuleIntent[] = [];
    const add = (r: Omit<AclRuleIntent, 'sequence'>) => rules.push({ sequence: (rules.length + 1) * STEP, ...r });
    for (const rule of [...policy.rules].sort((a, b) => a.priority - b.priority)) {
      if (rule.direction !== direction) continue;
      const peers = rule.cidr ? [rule.cidr] : rule.peerSelector ? [...new Set(vpcPorts.filter((p) => matches(p.labels, rule.peerSelector as Record<string, string>)).sort(byAddress).map((p) => host(p.ip)))] : ['any'];
      for (const t of targets) {
        for (const peer of peers) {
          const [source, destination] = direction === 'ingress' ? [peer, host(t.ip)] : [host(t.ip), peer];
          add({ action: rule.action === 'allow' ? 'permit' : 'deny', protocol: rule.protocol, source, destination, ...(rule.ports ? { destinationPort: rule.ports } : {}) });
        }
      }
    }
    for (const t of targets) {
      const [source, destination] = direction === 'ingress' ? ['any', host(t.ip)] : [host(t.ip), 'any'];
      add({ action: policy.defaultAction === 'allow' ? 'permit' : 'deny', protocol: 'any', source, destination });
    }
    out.push({
      name: `${vpc.vrfName}-${policy.name}-${direction === 'ingress' ? 'in' : 'out'}`,
      rules,
      bindings: bds.map((bd) => ({ bridgeDomain: bd, direction: direction === 'ingress' ? 'outbound' : 'inbound' })),
    });
  }
  return out;
}
