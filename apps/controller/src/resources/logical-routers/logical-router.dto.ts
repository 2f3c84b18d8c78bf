import { OmitType, PartialType } from '@nestjs/swagger';
import { CidrField, IpField, NameField, NestedField, UuidField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';

export class RouterInterfaceDto {
  @UuidField({ description: 'A logical switch of the same VPC; its gateway becomes a router interface' })
  logicalSwitchId: string;
}

export class StaticRouteDto {
  @CidrField({ example: '192.168.50.0/24' })
  prefix: string;

  @IpField({ example: '10.1.1.254' })
  nextHop: string;
}

export class InterconnectionDto {
  @UuidField({ description: "Another VPC's logical router on the same fabric; routes leak both ways" })
  peerRouterId: string;
}

export class CreateLogicalRouterDto {
  @UuidField()
  vpcId: string;

  @NameField({ example: 'router' })
  name: string;

  @NestedField(() => RouterInterfaceDto, { optional: true, array: true })
  interfaces?: RouterInterfaceDto[];

  @NestedField(() => StaticRouteDto, { optional: true, array: true })
  staticRoutes?: StaticRouteDto[];

  @NestedField(() => InterconnectionDto, { optional: true, array: true, max: 64 })
  interconnections?: InterconnectionDto[];
}

export class UpdateLogicalRouterDto extends PartialType(OmitType(CreateLogicalRouterDto, ['vpcId'] as const)) {}

export class LogicalRouterQuery extends PageQuery {
  @UuidField({ optional: true })
  vpcId?: string;
}
