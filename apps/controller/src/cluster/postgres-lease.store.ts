import type { DataSource } from 'typeorm';
import type { LeaseState, LeaseStore } from './lease.store.js';

interface Row {
  holder: string;
  expires_at: Date;
}

/**
 * The lease as a `leader_leases` row, taken or renewed by one atomic upsert whose update applies
 * only when the lease expired or is already ours. Not an advisory lock: on the embedded PGlite every
 * connection shares one session, so a session-level lock would be held by every process at once.
 * PostgreSQL's clock decides expiry, so the processes' clocks need not agree.
 */
export class PostgresLeaseStore implements LeaseStore {
  readonly kind = 'postgres';

  constructor(
    private readonly ds: DataSource,
    private readonly name: string,
  ) {}

  async acquire(holder: string, ttlMs: number): Promise<LeaseState> {
    const rows: Row[] = await this.ds.query(
      `INSERT INTO leader_leases AS l (name, holder, expires_at, acquired_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond', now())
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
         acquired_at = CASE WHEN l.holder = excluded.holder THEN l.acquired_at ELSE now() END
       WHERE l.expires_at < now() OR l.holder = excluded.holder
       RETURNING holder, expires_at`,
      [this.name, holder, ttlMs],
    );
    return rows[0] ? state(rows[0]) : this.read();
  }

  async release(holder: string): Promise<void> {
    await this.ds.query(`UPDATE leader_leases SET expires_at = now() - interval '1 millisecond' WHERE name = $1 AND holder = $2 AND expires_at >= now()`, [this.name, holder]);
  }

  async read(): Promise<LeaseState> {
    const rows: Row[] = await this.ds.query('SELECT holder, expires_at FROM leader_leases WHERE name = $1 AND expires_at >= now()', [this.name]);
    return rows[0] ? state(rows[0]) : { holder: null, expiresAt: null };
  }

  async close(): Promise<void> {}
}

const state = (r: Row): LeaseState => ({ holder: r.holder, expiresAt: new Date(r.expires_at) });
