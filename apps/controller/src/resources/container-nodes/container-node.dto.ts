import { OmitType, PartialType } from '@nestjs/swagger';
import { AsnField, CidrField, EnumField, IpField, NestedField, PatternField, UuidField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';
import { InterfaceField } from '../links/link.dto.js';
import { ATTACHMENT_MODES } from '../vpcs/vpc.dto.js';

/** Kubernetes node names are DNS-1123 subdomains. */
export const NODE_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

export class IpBlockDto {
  @UuidField()
  logicalSwitchId: string;

  @CidrField({ example: '10.1.1.64/26' })
  cidr: string;
}

export class CreateContainerNodeDto {
  @UuidField()
  fabricId: string;

  @PatternField(NODE_NAME, 'a Kubernetes node name (DNS-1123 subdomain)', { example: 'worker-1', maxLength: 253 })
  name: string;

  @UuidField({ description: 'The leaf (or border leaf) the node is cabled to' })
  leafDeviceId: string;

  @InterfaceField()
  leafInterface: string;

  @EnumField(ATTACHMENT_MODES, { description: 'l2-bridge: the vswitch bridges VLANs; l3-route: it routes and speaks BGP' })
  mode: (typeof ATTACHMENT_MODES)[number];

  @AsnField({ optional: true, description: 'l3-route only; a private ASN is allocated when omitted' })
  asn?: number;

  @IpField({ optional: true, description: "The node's address towards its leaf (BGP peer in l3-route mode)" })
  peerIp?: string;

  @NestedField(() => IpBlockDto, { optional: true, array: true, max: 4096, description: 'Blocks pre-assigned to the node (route suppression); more are carved on demand' })
  ipBlocks?: IpBlockDto[];
}

export class UpdateContainerNodeDto extends PartialType(OmitType(CreateContainerNodeDto, ['fabricId'] as const)) {}

export class ContainerNodeQuery extends PageQuery {
  @UuidField({ optional: true })
  fabricId?: string;

  @UuidField({ optional: true })
  leafDeviceId?: string;

  @PatternField(NODE_NAME, 'a node name', { optional: true, maxLength: 253 })
  name?: string;
}
