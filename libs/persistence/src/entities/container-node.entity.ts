import { Column, Entity } from 'typeorm';
import type { AttachmentMode } from './vpc.entity.js';
import { IntentRecord } from './base.entity.js';
import { bigintNumber } from './transformers.js';

/** A Kubernetes node with its virtual switch, cabled to one leaf interface. */
@Entity('container_nodes')
export class ContainerNodeEntity extends IntentRecord {
  @Column({ type: 'uuid' })
  fabricId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'uuid' })
  leafDeviceId: string;

  @Column({ type: 'text' })
  leafInterface: string;

  @Column({ type: 'text' })
  mode: AttachmentMode;

  @Column({ type: 'bigint', nullable: true, transformer: bigintNumber })
  asn: number | null;

  /** Node's address on the leaf link, used for the vswitch's BGP session in routing mode. */
  @Column({ type: 'text', nullable: true })
  peerIp: string | null;
}
