import { Column, Entity } from 'typeorm';
import { VpcOwnedRecord } from './base.entity.js';

export interface RouterInterface {
  logicalSwitchId: string;
}

export interface StaticRoute {
  prefix: string;
  nextHop: string;
}

/** Route leaking towards another VPC's router; effective in both directions. */
export interface RouterInterconnection {
  peerRouterId: string;
}

@Entity('logical_routers')
export class LogicalRouterEntity extends VpcOwnedRecord {
  @Column({ type: 'jsonb' })
  interfaces: RouterInterface[];

  @Column({ type: 'jsonb' })
  staticRoutes: StaticRoute[];

  @Column({ type: 'jsonb' })
  interconnections: RouterInterconnection[];
}
