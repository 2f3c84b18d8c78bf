import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The SSH host key accepted for a device, and a different one it presented since, if any. */
@Entity('device_host_keys')
export class DeviceHostKeyEntity {
  @PrimaryColumn({ type: 'uuid' })
  deviceId: string;

  @Column({ type: 'text' })
  pinnedFingerprint: string;

  @Column({ type: 'timestamptz' })
  pinnedAt: Date;

  @Column({ type: 'text', nullable: true })
  pendingFingerprint: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  pendingSeenAt: Date | null;
}
