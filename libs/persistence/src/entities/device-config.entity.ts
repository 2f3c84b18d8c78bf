import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './transformers.js';

/** The configuration last read from (or committed to) a device, normalized to a DeviceIntent. */
@Entity('device_configs')
export class DeviceConfigEntity {
  @PrimaryColumn({ type: 'uuid' })
  deviceId: string;

  @Column({ type: 'jsonb' })
  runningIntent: Record<string, unknown>;

  @Column({ type: 'bigint', transformer: bigintNumber })
  revision: number;

  @Column({ type: 'timestamptz' })
  observedAt: Date;
}
