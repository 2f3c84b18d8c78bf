/** Who holds the scheduler lease, as the store saw it. */
export interface LeaseState {
  /** The holder's node id; null when nobody holds a live lease. */
  holder: string | null;
  /** When the holder's lease runs out unless renewed. */
  expiresAt: Date | null;
}

/**
 * A time-limited lease one process at a time holds: the port behind LeaderElection, in Redis or in
 * PostgreSQL. Every call is one atomic step in the store, so two processes can never both be told
 * they hold it (as long as their lease has not expired).
 */
export interface LeaseStore {
  readonly kind: 'redis' | 'postgres';
  /** Take the lease if it is free or expired, or renew it if `holder` has it. Answers who holds it afterwards. */
  acquire(holder: string, ttlMs: number): Promise<LeaseState>;
  /** Give the lease up, if `holder` has it (so another process takes it at once, not after the TTL). */
  release(holder: string): Promise<void>;
  read(): Promise<LeaseState>;
  close(): Promise<void>;
}

export const LEASE_STORE = Symbol('LEASE_STORE');
/** The one lease Spinel elects on: the holder runs the periodic schedule. */
export const SCHEDULER_LEASE = 'scheduler';
