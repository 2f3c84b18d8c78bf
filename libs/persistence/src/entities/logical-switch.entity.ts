import { Column, Entity } from 'typeorm';
import { VpcOwnedRecord } from './base.entity.js';

/** A bridge domain with an L2 VNI and a subnet served by a distributed anycast gateway. */
@Entity('logical_switches')
export class LogicalSwitchEntity extends VpcOwnedRecord {
  @Column({ type: 'integer' })
  l2Vni: number;

  @Column({ type: 'text' })
  subnet: string;

  @Column({ type: 'text' })
  gatewayIp: string;

  @Column({ type: 'text' })
  gatewayMac: string;

  @Column({ type: 'boolean' })
  arpSuppression: boolean;

  @Column({ type: 'text' })
  routeDistinguisher: string;

  @Column({ type: 'text', array: true })
  importRouteTargets: string[];

  @Column({ type: 'text', array: true })
  exportRouteTargets: string[];
}
