import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** numeric(20) ↔ bigint: 64-bit unsigned counters exceed PostgreSQL's signed bigint. */
export const bigintCounter: ValueTransformer = {
  to: (v: bigint | null | undefined) => (v === null || v === undefined ? v : v.toString()),
  from: (v: string | null) => (v === null ? null : BigInt(v)),
};

/** The latest status and counters of one device interface, as SNMP polls and traps reported them. */
@Entity('device_interfaces')
export class DeviceInterfaceEntity {
  @PrimaryColumn({ type: 'uuid' })
  deviceId: string;

  @PrimaryColumn({ type: 'integer' })
  ifIndex: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'boolean' })
  adminUp: boolean;

  @Column({ type: 'boolean' })
  operUp: boolean;

  @Column({ type: 'numeric', precision: 20, scale: 0, transformer: bigintCounter })
  inOctets: bigint;

  @Column({ type: 'numeric', precision: 20, scale: 0, transformer: bigintCounter })
  outOctets: bigint;

  @Column({ type: 'numeric', precision: 20, scale: 0, transformer: bigintCounter })
  inPackets: bigint;

  @Column({ type: 'numeric', precision: 20, scale: 0, transformer: bigintCounter })
  outPackets: bigint;

  @Column({ type: 'numeric', precision: 20, scale: 0, transformer: bigintCounter })
  inErrors: bigint;

  @Column({ type: 'numeric', precision: 20, scale: 0, transformer: bigintCounter })
  outErrors: bigint;

  /** 64 (ifXTable HC counters) or 32 (ifTable). */
  @Column({ type: 'smallint' })
  counterBits: number;

  /** When the counters (and, unless a trap came later, the status) were read. */
  @Column({ type: 'timestamptz' })
  polledAt: Date;

  /** When a linkUp/linkDown trap last set the status; null if only polls did. */
  @Column({ type: 'timestamptz', nullable: true })
  statusTrapAt: Date | null;
}
