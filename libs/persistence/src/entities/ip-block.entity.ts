import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A block of a logical switch's subnet owned by one container node (route suppression). */
@Entity('ip_blocks')
export class IpBlockEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  containerNodeId: string;

  @Column({ type: 'uuid' })
  logicalSwitchId: string;

  @Column({ type: 'uuid' })
  vpcId: string;

  @Column({ type: 'text' })
  cidr: string;
}
