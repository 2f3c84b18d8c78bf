import { BoolField, IntField, PatternField } from '../common/fields.js';

export class PutSnmpSettingsDto {
  @IntField(1, 65535, { optional: true, description: 'UDP port of the device agent; default 161' })
  port?: number;

  @PatternField(/^[\x21-\x7e]{1,64}$/, '1..64 printable ASCII characters without spaces', {
    optional: true,
    maxLength: 64,
    description: 'SNMPv2c community; write-only, stored sealed (AES-256-GCM). Required the first time; omitted later, the stored one is kept.',
  })
  community?: string;

  @BoolField({ optional: true, description: 'Polled on the schedule and trusted as a trap sender; default true' })
  enabled?: boolean;
}
