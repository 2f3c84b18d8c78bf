import { Injectable } from '@nestjs/common';
import { Cidr, InvalidValueError } from '#domain';
import { type AclRule, SecurityPolicyEntity, VpcEntity } from '#persistence';
import { assertUnique, recordView } from '../../intent/checks.js';
import type { IntentTransaction } from '../../intent/intent-transaction.js';
import { type ResourceHooks, VpcScopedResource } from '../../intent/resource-hooks.js';
import type { AclRuleDto, CreateSecurityPolicyDto, SecurityPolicyQuery, UpdateSecurityPolicyDto } from './security-policy.dto.js';

@Injectable()
export class SecurityPolicyResource extends VpcScopedResource<SecurityPolicyEntity, CreateSecurityPolicyDto, UpdateSecurityPolicyDto> implements ResourceHooks<SecurityPolicyEntity, CreateSecurityPolicyDto, UpdateSecurityPolicyDto, SecurityPolicyQuery> {
  readonly kind = 'security-policy';
  readonly label = 'security policy';
  readonly entity = SecurityPolicyEntity;

  view(p: SecurityPolicyEntity) {
    const { tenantId, vpcId, name, appliesTo, rules, defaultAction } = p;
    return { ...recordView(p), tenantId, vpcId, name, appliesTo, rules, defaultAction };
  }

  async create(tx: IntentTransaction, dto: CreateSecurityPolicyDto): Promise<SecurityPolicyEntity> {
    const vpc = await tx.ref(VpcEntity, dto.vpcId, 'vpcId', 'VPC');
    await assertUnique(tx, SecurityPolicyEntity, { vpcId: vpc.id, name: dto.name }, 'name', `VPC ${vpc.name} already has a security policy named ${dto.name}`);
    return tx.em.save(
      tx.em.create(SecurityPolicyEntity, {
        tenantId: vpc.tenantId,
        vpcId: vpc.id,
        name: dto.name,
        appliesTo: dto.appliesTo ?? {},
        rules: checkRules(dto.rules),
        defaultAction: dto.defaultAction ?? 'deny',
      }),
    );
  }

  async update(tx: IntentTransaction, p: SecurityPolicyEntity, dto: UpdateSecurityPolicyDto): Promise<SecurityPolicyEntity> {
    if (dto.name && dto.name !== p.name) {
      await assertUnique(tx, SecurityPolicyEntity, { vpcId: p.vpcId, name: dto.name }, 'name', `this VPC already has a security policy named ${dto.name}`, p.id);
      p.name = dto.name;
    }
    if (dto.appliesTo) p.appliesTo = dto.appliesTo;
    if (dto.rules) p.rules = checkRules(dto.rules);
    if (dto.defaultAction) p.defaultAction = dto.defaultAction;
    return tx.em.save(p);
  }

  async dependents() {
    return [];
  }
}

/** Rules that mean one thing: unique priorities, ports only for TCP/UDP, one kind of peer. Sorted by priority. */
export function checkRules(rules: AclRuleDto[]): AclRule[] {
  const priorities = new Map<number, number>();
  const out = rules.map((r, i): AclRule => {
    const at = (f: string) => `rules[${i}].${f}`;
    const first = priorities.get(r.priority);
    if (first !== undefined) throw new InvalidValueError(`priority ${r.priority} is already used by rules[${first}]; priorities order the rules and must be unique`, at('priority'));
    priorities.set(r.priority, i);
    if (r.ports !== undefined) {
      if (r.protocol !== 'tcp' && r.protocol !== 'udp') throw new InvalidValueError(`ports apply to tcp and udp, not ${r.protocol}`, at('ports'));
      const [lo, hi = lo] = r.ports.split('-').map(Number) as [number, number?];
      if (lo < 1 || (hi as number) > 65535 || lo > (hi as number)) throw new InvalidValueError(`port range ${r.ports} must lie within 1..65535 with low ≤ high`, at('ports'));
    }
    if (r.cidr !== undefined && r.peerSelector !== undefined) throw new InvalidValueError('a rule names its peers by cidr or by peerSelector, not both', at('peerSelector'));
    const rule: AclRule = { priority: r.priority, direction: r.direction, protocol: r.protocol, action: r.action };
    if (r.ports !== undefined) rule.ports = r.ports;
    if (r.cidr !== undefined) rule.cidr = Cidr.parse(r.cidr, at('cidr')).toString();
    if (r.peerSelector !== undefined) rule.peerSelector = r.peerSelector;
    return rule;
  });
  return out.sort((a, b) => a.priority - b.priority);
}
