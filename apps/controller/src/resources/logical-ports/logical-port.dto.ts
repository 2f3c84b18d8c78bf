import { OmitType, PartialType } from '@nestjs/swagger';
import { EnumField, IntField, IpField, LabelsField, MacField, NameField, NestedField, TextField, UuidField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';
import { InterfaceField } from '../links/link.dto.js';

export const BINDING_KINDS = ['leaf-interface', 'container-node'] as const;

/** Where the port plugs in: a leaf interface (+ VLAN), or a container node's virtual switch. */
export class PortBindingDto {
  @EnumField(BINDING_KINDS)
  kind: (typeof BINDING_KINDS)[number];

  @UuidField({ optional: true, description: 'leaf-interface: the leaf or border leaf' })
  deviceId?: string;

  @InterfaceField({ optional: true })
  interfaceName?: string;

  @UuidField({ optional: true, description: 'container-node: the node' })
  containerNodeId?: string;

  @IntField(1, 4094, { optional: true, description: 'VLAN on the leaf interface (L2); allocated per interface when omitted' })
  vlan?: number;
}

/** Who the port belongs to, e.g. a Kubernetes Pod. */
export class OwnerReferenceDto {
  @TextField({ maxLength: 63, example: 'Pod' })
  kind: string;

  @TextField({ maxLength: 253, example: 'default/web-0' })
  name: string;

  @TextField({ optional: true, maxLength: 64 })
  uid?: string;
}

export class CreateLogicalPortDto {
  @UuidField()
  logicalSwitchId: string;

  @NameField({ example: 'web-0' })
  name: string;

  @IpField({ optional: true, description: 'A fixed IP; allocated (from the node blocks under route suppression) when omitted' })
  ip?: string;

  @MacField({ optional: true, description: 'Generated (locally administered) when omitted' })
  mac?: string;

  @NestedField(() => PortBindingDto, { optional: true })
  binding?: PortBindingDto | null;

  @LabelsField({ optional: true })
  labels?: Record<string, string>;

  @NestedField(() => OwnerReferenceDto, { optional: true })
  owner?: OwnerReferenceDto | null;
}

export class UpdateLogicalPortDto extends PartialType(OmitType(CreateLogicalPortDto, ['logicalSwitchId'] as const)) {}

export class LogicalPortQuery extends PageQuery {
  @UuidField({ optional: true })
  vpcId?: string;

  @UuidField({ optional: true })
  logicalSwitchId?: string;

  @UuidField({ optional: true })
  containerNodeId?: string;

  @UuidField({ optional: true })
  deviceId?: string;

  @IpField({ optional: true })
  ip?: string;

  @EnumField(['true', 'false'], { optional: true, description: 'Only ports that do (or do not) need a /32 exception under route suppression' })
  routeException?: 'true' | 'false';
}
