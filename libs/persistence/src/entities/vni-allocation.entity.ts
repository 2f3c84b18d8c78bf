import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per VNI in use on a fabric: the database-level guarantee that VNIs never collide. */
@Entity('vni_allocations')
export class VniAllocationEntity {
  @PrimaryColumn({ type: 'uuid' })
  fabricId: string;

  @PrimaryColumn({ type: 'integer' })
  vni: number;

  @Column({ type: 'text' })
  ownerKind: 'vpc' | 'logical-switch';

  @Column({ type: 'uuid' })
  ownerId: string;
}
