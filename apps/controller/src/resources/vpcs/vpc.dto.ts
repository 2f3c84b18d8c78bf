import { OmitType, PartialType } from '@nestjs/swagger';
import {
  BoolField,
  CidrListField,
  EnumField,
  IntField,
  NameField,
  PatternField,
  RouteDistinguisherField,
  RouteTargetListField,
  UuidField,
} from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';

export const ATTACHMENT_MODES = ['l2-bridge', 'l3-route'] as const;
export const VRF_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,30}$/;

export class CreateVpcDto {
  @UuidField({ optional: true, description: 'Owning tenant; tenant-scoped tokens may omit it' })
  tenantId?: string;

  @UuidField()
  fabricId: string;

  @NameField({ example: 'prod' })
  name: string;

  @PatternField(VRF_NAME, 'a VRF name: a letter then up to 30 letters, digits, _ . -', { optional: true, description: 'Default <tenant>-<vpc>' })
  vrfName?: string;

  @IntField(1, 16777214, { optional: true, description: 'L3 VNI of the VRF; allocated from the fabric pool when omitted' })
  l3Vni?: number;

  @RouteDistinguisherField({ optional: true, description: 'Default <fabric ASN>:<L3 VNI>' })
  routeDistinguisher?: string;

  @RouteTargetListField({ optional: true, description: 'Default [<fabric ASN>:<L3 VNI>]' })
  importRouteTargets?: string[];

  @RouteTargetListField({ optional: true, description: 'Default [<fabric ASN>:<L3 VNI>]' })
  exportRouteTargets?: string[];

  @CidrListField({ min: 1, example: ['10.1.0.0/16'] })
  cidrs: string[];

  @EnumField(ATTACHMENT_MODES, { optional: true, description: 'How container nodes attach (default l2-bridge)' })
  attachmentMode?: (typeof ATTACHMENT_MODES)[number];

  @BoolField({ optional: true, description: 'Advertise per-node block aggregates instead of /32s (l3-route only; default false)' })
  routeSuppression?: boolean;

  @IntField(8, 128, { optional: true, description: 'Size of per-node IP blocks (default 26)' })
  ipBlockPrefixLength?: number;
}

export class UpdateVpcDto extends PartialType(OmitType(CreateVpcDto, ['tenantId', 'fabricId'] as const)) {}

export class VpcQuery extends PageQuery {
  @UuidField({ optional: true })
  tenantId?: string;

  @UuidField({ optional: true })
  fabricId?: string;

  @NameField({ optional: true })
  name?: string;
}
