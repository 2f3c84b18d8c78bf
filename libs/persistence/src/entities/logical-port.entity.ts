import { Column, Entity } from 'typeorm';
import { VpcOwnedRecord } from './base.entity.js';

export type IpMode = 'fixed' | 'allocated';
export type PortBindingKind = 'leaf-interface' | 'container-node';

@Entity('logical_ports')
export class LogicalPortEntity extends VpcOwnedRecord {
  @Column({ type: 'uuid' })
  logicalSwitchId: string;

  @Column({ type: 'text' })
  ip: string;

  @Column({ type: 'text' })
  mac: string;

  @Column({ type: 'text' })
  ipMode: IpMode;

  @Column({ type: 'text', nullable: true })
  bindingKind: PortBindingKind | null;

  /** Leaf (or border leaf) the port is reached through. */
  @Column({ type: 'uuid', nullable: true })
  deviceId: string | null;

  @Column({ type: 'text', nullable: true })
  interfaceName: string | null;

  @Column({ type: 'integer', nullable: true })
  vlan: number | null;

  @Column({ type: 'uuid', nullable: true })
  containerNodeId: string | null;

  /** True when route suppression is on and the IP lies outside its node's blocks: it needs a /32. */
  @Column({ type: 'boolean', default: false })
  routeException: boolean;

  @Column({ type: 'jsonb', default: {} })
  labels: Record<string, string>;

  @Column({ type: 'text', nullable: true })
  ownerKind: string | null;

  @Column({ type: 'text', nullable: true })
  ownerName: string | null;

  @Column({ type: 'text', nullable: true })
  ownerUid: string | null;
}
