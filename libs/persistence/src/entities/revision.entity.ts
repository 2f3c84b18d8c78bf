import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './transformers.js';

export interface RevisionChange {
  kind: string;
  id: string;
  op: 'create' | 'update' | 'delete';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** One committed intent change: who made it, and every object it touched before and after. */
@Entity('revisions')
export class RevisionEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  number: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'uuid', nullable: true })
  actorTokenId: string | null;

  @Column({ type: 'text' })
  actorName: string;

  @Column({ type: 'text' })
  summary: string;

  /** Tenant whose objects changed (null for fabric infrastructure): scopes visibility. */
  @Column({ type: 'uuid', nullable: true })
  tenantId: string | null;

  @Column({ type: 'jsonb' })
  changes: RevisionChange[];
}
