import { PatternField, UuidField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';

/** Interface names as switches spell them: `10GE1/0/1`, `Eth-Trunk1`, `eth1`, `swp1.100`. */
export const INTERFACE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9/._:-]{0,63}$/;
export const InterfaceField = (o: { optional?: boolean; example?: string } = {}) =>
  PatternField(INTERFACE_PATTERN, 'an interface name such as 10GE1/0/1 or eth1', { example: '10GE1/0/1', ...o });

export class CreateLinkDto {
  @UuidField()
  aDeviceId: string;

  @InterfaceField()
  aInterface: string;

  @UuidField()
  bDeviceId: string;

  @InterfaceField()
  bInterface: string;
}

/** A cable is replaced, not edited: only its interface names may be corrected. */
export class UpdateLinkDto {
  @InterfaceField({ optional: true })
  aInterface?: string;

  @InterfaceField({ optional: true })
  bInterface?: string;
}

export class LinkQuery extends PageQuery {
  @UuidField({ optional: true })
  fabricId?: string;

  @UuidField({ optional: true, description: 'Links with this device on either end' })
  deviceId?: string;
}
