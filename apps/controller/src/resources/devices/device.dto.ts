import { OmitType, PartialType } from '@nestjs/swagger';
import { AsnField, EnumField, IntField, IpField, NameField, PatternField, TextField, UuidField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';

export const DEVICE_ROLES = ['spine', 'leaf', 'border-leaf', 'vswitch'] as const;
export const PLATFORMS = ['ce-netconf', 'ce-cli', 'netconf'] as const;
/** A hostname (RFC 1123) or an IPv4/IPv6 literal. */
export const HOST_PATTERN = /^(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9A-Fa-f:.]+)$/;

export class CreateDeviceDto {
  @UuidField()
  fabricId: string;

  @NameField({ example: 'leaf1' })
  name: string;

  @EnumField(DEVICE_ROLES)
  role: (typeof DEVICE_ROLES)[number];

  @EnumField(PLATFORMS, { description: 'Southbound dialect and transport' })
  platform: (typeof PLATFORMS)[number];

  @PatternField(HOST_PATTERN, 'a hostname or an IP address', { example: '127.0.0.1', maxLength: 253 })
  managementHost: string;

  @IntField(1, 65535, { optional: true, description: 'Default 830 for NETCONF platforms, 22 for CLI' })
  managementPort?: number;

  @TextField({ maxLength: 64, example: 'admin' })
  username: string;

  @TextField({ optional: true, maxLength: 256, description: 'Write-only; stored sealed (AES-256-GCM)' })
  password?: string;

  @AsnField({ optional: true, description: 'Default: the fabric ASN for spines (and for all with iBGP), a unique private ASN per leaf with eBGP' })
  asn?: number;

  @IpField({ example: '10.255.0.11' })
  loopbackIp: string;

  @IpField({ optional: true, description: 'VTEP source address; leaves default to the loopback' })
  vtepIp?: string;
}

export class UpdateDeviceDto extends PartialType(OmitType(CreateDeviceDto, ['fabricId'] as const)) {}

export class DeviceQuery extends PageQuery {
  @UuidField({ optional: true })
  fabricId?: string;

  @EnumField(DEVICE_ROLES, { optional: true })
  role?: (typeof DEVICE_ROLES)[number];

  @NameField({ optional: true })
  name?: string;
}
