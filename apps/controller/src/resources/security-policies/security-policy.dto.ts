import { OmitType, PartialType } from '@nestjs/swagger';
import { CidrField, EnumField, IntField, LabelsField, NameField, NestedField, PatternField, UuidField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';

export const PORT_RANGE = /^\d{1,5}(-\d{1,5})?$/;

export class AclRuleDto {
  @IntField(1, 65535, { description: 'Lower numbers are evaluated first; unique within a policy' })
  priority: number;

  @EnumField(['ingress', 'egress'])
  direction: 'ingress' | 'egress';

  @EnumField(['any', 'tcp', 'udp', 'icmp'])
  protocol: 'any' | 'tcp' | 'udp' | 'icmp';

  @PatternField(PORT_RANGE, 'a port or range such as 443 or 8000-8080', { optional: true, maxLength: 11 })
  ports?: string;

  @CidrField({ optional: true, description: 'Remote peers by address (exclusive with peerSelector)' })
  cidr?: string;

  @LabelsField({ optional: true, description: "Remote peers: the VPC's ports with these labels" })
  peerSelector?: Record<string, string>;

  @EnumField(['allow', 'deny'])
  action: 'allow' | 'deny';
}

export class CreateSecurityPolicyDto {
  @UuidField()
  vpcId: string;

  @NameField({ example: 'web-ingress' })
  name: string;

  @LabelsField({ optional: true, description: 'Ports the policy applies to (all ports of the VPC when empty)' })
  appliesTo?: Record<string, string>;

  @NestedField(() => AclRuleDto, { array: true, max: 1000 })
  rules: AclRuleDto[];

  @EnumField(['allow', 'deny'], { optional: true, description: 'What happens to traffic no rule matches (default deny)' })
  defaultAction?: 'allow' | 'deny';
}

export class UpdateSecurityPolicyDto extends PartialType(OmitType(CreateSecurityPolicyDto, ['vpcId'] as const)) {}

export class SecurityPolicyQuery extends PageQuery {
  @UuidField({ optional: true })
  vpcId?: string;
}
