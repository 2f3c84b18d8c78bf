import { OmitType, PartialType } from '@nestjs/swagger';
import { CidrListField, IpField, NameField, NestedField, UuidField, UuidListField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';

export class ElasticIpDto {
  @IpField({ example: '203.0.113.10', description: 'Public address, outside the VPC CIDRs' })
  ip: string;

  @UuidField({ description: 'The VPC port it is translated to (DNAT)' })
  portId: string;
}

export class CreateExternalGatewayDto {
  @UuidField()
  vpcId: string;

  @NameField({ example: 'internet' })
  name: string;

  @UuidListField({ min: 1, description: 'Border leaves that carry the VPC VRF to the outside' })
  borderLeafIds: string[];

  @CidrListField({ optional: true, example: ['203.0.113.0/28'], description: 'Source NAT pool for egress' })
  snatPool?: string[];

  @NestedField(() => ElasticIpDto, { optional: true, array: true })
  elasticIps?: ElasticIpDto[];
}

export class UpdateExternalGatewayDto extends PartialType(OmitType(CreateExternalGatewayDto, ['vpcId'] as const)) {}

export class ExternalGatewayQuery extends PageQuery {
  @UuidField({ optional: true })
  vpcId?: string;
}
