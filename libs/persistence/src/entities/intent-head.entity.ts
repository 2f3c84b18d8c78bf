import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './transformers.js';

/**
 * The single row every intent write locks (SELECT … FOR UPDATE) before it reads or allocates:
 * writes are serialized, so revisions are gap-free and allocations never race.
 */
@Entity('intent_head')
export class IntentHeadEntity {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  revision: number;
}
