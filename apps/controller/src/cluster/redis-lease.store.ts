import { Redis } from 'ioredis';
import type { LeaseState, LeaseStore } from './lease.store.js';

/** Extends the lease only if it is still ours: a holder that lost it (expired, taken) must not win it back by renewing. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * The lease as one Redis key (`<prefix>:leader:<name>`): taken with SET NX PX, renewed and released
 * with compare-and-set scripts, so only the holder extends or deletes it. Redis's clock decides expiry.
 */
export class RedisLeaseStore implements LeaseStore {
  readonly kind = 'redis';
  private readonly redis: Redis;
  private readonly key: string;

  constructor(url: string, prefix: string, name: string) {
    // A dead Redis must fail a renewal quickly (the holder then steps down), not queue it forever.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    this.redis.on('error', () => undefined); // reported by the failing call
    this.key = `${prefix}:leader:${name}`;
  }

  async acquire(holder: string, ttlMs: number): Promise<LeaseState> {
    await this.connected();
    const renewed = Number(await this.redis.eval(RENEW, 1, this.key, holder, String(ttlMs)));
    if (!renewed) await this.redis.set(this.key, holder, 'PX', ttlMs, 'NX');
    return this.read();
  }

  async release(holder: string): Promise<void> {
    await this.connected();
    await this.redis.eval(RELEASE, 1, this.key, holder);
  }

  async read(): Promise<LeaseState> {
    await this.connected();
    const [[, holder], [, pttl]] = (await this.redis.multi().get(this.key).pttl(this.key).exec()) as [[unknown, string | null], [unknown, number]];
    if (!holder || pttl < 0) return { holder: null, expiresAt: null };
    return { holder, expiresAt: new Date(Date.now() + pttl) };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private async connected(): Promise<void> {
    if (this.redis.status === 'wait') await this.redis.connect();
  }
}
