import { Column, Entity } from 'typeorm';
import { IntentRecord } from './base.entity.js';
import { bigintNumber } from './transformers.js';

export type UnderlayProtocol = 'ebgp' | 'ibgp';

@Entity('fabrics')
export class FabricEntity extends IntentRecord {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** Overlay ASN: route targets and RDs derive from it when clients omit them. */
  @Column({ type: 'bigint', transformer: bigintNumber })
  asn: number;

  @Column({ type: 'text', default: 'ebgp' })
  underlayProtocol: UnderlayProtocol;

  @Column({ type: 'integer' })
  vniMin: number;

  @Column({ type: 'integer' })
  vniMax: number;

  @Column({ type: 'integer' })
  vlanMin: number;

  @Column({ type: 'integer' })
  vlanMax: number;

  /** Anycast gateway MAC shared by every leaf (per logical switch it may be overridden). */
  @Column({ type: 'text' })
  anycastGatewayMac: string;
}
