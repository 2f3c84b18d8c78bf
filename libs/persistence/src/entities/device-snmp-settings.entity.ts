import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How the controller reaches a device's SNMP agent (SNMPv2c), and how the last poll went. */
@Entity('device_snmp_settings')
export class DeviceSnmpSettingsEntity {
  @PrimaryColumn({ type: 'uuid' })
  deviceId: string;

  @Column({ type: 'integer' })
  port: number;

  /** The community, sealed by the CredentialVault like device passwords. */
  @Column({ type: 'text' })
  communitySealed: string;

  /** Polled on the schedule and accepted as a trap sender only when enabled. */
  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastPollAt: Date | null;

  /** The last poll's failure (`CODE: message`), null after a successful poll. */
  @Column({ type: 'text', nullable: true })
  lastPollError: string | null;
}
