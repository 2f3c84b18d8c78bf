import { OmitType, PartialType } from '@nestjs/swagger';
import { BoolField, CidrField, IntField, IpField, MacField, NameField, RouteDistinguisherField, RouteTargetListField, UuidField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';

export class CreateLogicalSwitchDto {
  @UuidField()
  vpcId: string;

  @NameField({ example: 'web' })
  name: string;

  @IntField(1, 16777214, { optional: true, description: 'L2 VNI of the bridge domain; allocated when omitted' })
  l2Vni?: number;

  @CidrField({ example: '10.1.1.0/24', description: 'Inside one of the VPC CIDRs; immutable' })
  subnet: string;

  @IpField({ optional: true, example: '10.1.1.1', description: 'Distributed anycast gateway; default the first host' })
  gatewayIp?: string;

  @MacField({ optional: true, description: "Default: the fabric's anycast gateway MAC" })
  gatewayMac?: string;

  @BoolField({ optional: true, description: 'Leaves answer ARP from EVPN type-2 routes (default true)' })
  arpSuppression?: boolean;

  @RouteDistinguisherField({ optional: true })
  routeDistinguisher?: string;

  @RouteTargetListField({ optional: true })
  importRouteTargets?: string[];

  @RouteTargetListField({ optional: true })
  exportRouteTargets?: string[];
}

export class UpdateLogicalSwitchDto extends PartialType(OmitType(CreateLogicalSwitchDto, ['vpcId', 'subnet'] as const)) {}

export class LogicalSwitchQuery extends PageQuery {
  @UuidField({ optional: true })
  vpcId?: string;

  @NameField({ optional: true })
  name?: string;
}
