import { Column, Entity } from 'typeorm';
import { IntentRecord } from './base.entity.js';

/** A cable between two device interfaces of one fabric. */
@Entity('links')
export class LinkEntity extends IntentRecord {
  @Column({ type: 'uuid' })
  fabricId: string;

  @Column({ type: 'uuid' })
  aDeviceId: string;

  @Column({ type: 'text' })
  aInterface: string;

  @Column({ type: 'uuid' })
  bDeviceId: string;

  @Column({ type: 'text' })
  bInterface: string;
}
