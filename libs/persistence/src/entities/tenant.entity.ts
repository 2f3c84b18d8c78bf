import { Column, Entity } from 'typeorm';
import { IntentRecord } from './base.entity.js';

@Entity('tenants')
export class TenantEntity extends IntentRecord {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;
}
