import { Column, Entity } from 'typeorm';
import { VpcOwnedRecord } from './base.entity.js';

export interface ElasticIp {
  ip: string;
  portId: string;
}

/** North-south exit of a VPC on border leaves: SNAT pool for egress, EIPs (DNAT) for ingress. */
@Entity('external_gateways')
export class ExternalGatewayEntity extends VpcOwnedRecord {
  @Column({ type: 'uuid', array: true })
  borderLeafIds: string[];

  @Column({ type: 'text', array: true })
  snatPool: string[];

  @Column({ type: 'jsonb' })
  elasticIps: ElasticIp[];
}
