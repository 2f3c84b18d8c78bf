import { Column, Entity } from 'typeorm';
import { IntentRecord } from './base.entity.js';
import { bigintNumber } from './transformers.js';

export type DeviceRole = 'spine' | 'leaf' | 'border-leaf' | 'vswitch';

@Entity('devices')
export class DeviceEntity extends IntentRecord {
  @Column({ type: 'uuid' })
  fabricId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: DeviceRole;

  @Column({ type: 'text' })
  platform: string;

  @Column({ type: 'text' })
  managementHost: string;

  @Column({ type: 'integer' })
  managementPort: number;

  @Column({ type: 'text' })
  username: string;

  /** AES-256-GCM sealed password (never returned by the API). */
  @Column({ type: 'text', nullable: true })
  passwordSealed: string | null;

  @Column({ type: 'bigint', transformer: bigintNumber })
  asn: number;

  @Column({ type: 'text' })
  loopbackIp: string;

  @Column({ type: 'text', nullable: true })
  vtepIp: string | null;
}
