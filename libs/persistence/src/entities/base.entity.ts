import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Columns every intent object has: identity, timestamps, and the version behind its ETag. */
export abstract class IntentRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** Objects inside a VPC: they carry the VPC's tenant so that tenant scoping is one equality. */
export abstract class VpcOwnedRecord extends IntentRecord {
  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  vpcId: string;

  @Column({ type: 'text' })
  name: string;
}
