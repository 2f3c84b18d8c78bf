import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type TokenRole = 'admin' | 'operator' | 'viewer';

/** A bearer token, stored as its SHA-256 hash; the secret is shown once at creation. */
@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  tokenHash: string;

  /** First characters of the secret, so an operator can tell tokens apart. */
  @Column({ type: 'text' })
  prefix: string;

  @Column({ type: 'text' })
  role: TokenRole;

  @Column({ type: 'uuid', nullable: true })
  tenantId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
