import { Column, Entity } from 'typeorm';
import { IntentRecord } from './base.entity.js';

export type AttachmentMode = 'l2-bridge' | 'l3-route';

/** A tenant's VPC: one VRF with an L3 VNI on the fabric it is placed on. */
@Entity('vpcs')
export class VpcEntity extends IntentRecord {
  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  fabricId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  vrfName: string;

  @Column({ type: 'integer' })
  l3Vni: number;

  @Column({ type: 'text' })
  routeDistinguisher: string;

  @Column({ type: 'text', array: true })
  importRouteTargets: string[];

  @Column({ type: 'text', array: true })
  exportRouteTargets: string[];

  @Column({ type: 'text', array: true })
  cidrs: string[];

  @Column({ type: 'text' })
  attachmentMode: AttachmentMode;

  @Column({ type: 'boolean' })
  routeSuppression: boolean;

  /** Prefix length of the per-node IP blocks carved when route suppression is on. */
  @Column({ type: 'integer' })
  ipBlockPrefixLength: number;
}
