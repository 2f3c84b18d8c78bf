import { Column, Entity } from 'typeorm';
import { VpcOwnedRecord } from './base.entity.js';

export type RuleDirection = 'ingress' | 'egress';
export type RuleProtocol = 'any' | 'tcp' | 'udp' | 'icmp';
export type RuleAction = 'allow' | 'deny';

export interface AclRule {
  priority: number;
  direction: RuleDirection;
  protocol: RuleProtocol;
  /** Port or range (`443`, `8000-8080`); only for tcp/udp. */
  ports?: string;
  /** Remote peers as a CIDR, or as a label selector over the VPC's ports. */
  cidr?: string;
  peerSelector?: Record<string, string>;
  action: RuleAction;
}

/** Ordered ACL rules applied to the ports whose labels match `appliesTo` (all ports when empty). */
@Entity('security_policies')
export class SecurityPolicyEntity extends VpcOwnedRecord {
  @Column({ type: 'jsonb' })
  appliesTo: Record<string, string>;

  @Column({ type: 'jsonb' })
  rules: AclRule[];

  @Column({ type: 'text', default: 'deny' })
  defaultAction: RuleAction;
}
