import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * One writer per device, across controller processes: a `device_leases` row per device, taken
 * with one atomic statement that succeeds only where no lease exists, the lease expired, or it is
 * already ours. Not advisory locks: the embedded PGlite shares one session between connections.
 * A transaction takes the leases of all its devices or none; a holder that dies stops renewing,
 * and its leases lapse after their time-to-live.
 */
@Injectable()
export class DeviceLeases {
  /** This process's name in `device_leases.holder`. */
  readonly holder = `controller-${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(private readonly ds: DataSource) {}

  /** Take every lease or none: true when all of `deviceIds` are now held by `holder` for `ttlMs`. */
  async acquireAll(deviceIds: string[], ttlMs: number, holder = this.holder): Promise<boolean> {
    if (!deviceIds.length) return true;
    return this.ds.transaction(async (em) => {
      const taken: { device_id: string }[] = await em.query(
        `INSERT INTO device_leases (device_id, holder, expires_at)
           SELECT d, $2, now() + ($3::int * interval '1 millisecond') FROM unnest($1::uuid[]) AS d ORDER BY d
         ON CONFLICT (device_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
           WHERE device_leases.expires_at < now() OR device_leases.holder = EXCLUDED.holder
         RETURNING device_id`,
        [deviceIds, holder, ttlMs],
      );
      if (taken.length === new Set(deviceIds).size) return true;
      // Some device has another writer: give back what this call took, never push partially.
      throw new LeaseRefused();
    }).catch((e: unknown) => {
      if (e instanceof LeaseRefused) return false;
      throw e;
    });
  }

  /** Wait (polling) until every lease is ours, up to `waitMs`. */
  async acquireAllWithin(deviceIds: string[], ttlMs: number, waitMs: number): Promise<boolean> {
    const until = Date.now() + waitMs;
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      if (await this.acquireAll(deviceIds, ttlMs)) return true;
      if (Date.now() + delay > until) return false;
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  /** Extend our leases (while a transaction runs). */
  async renew(deviceIds: string[], ttlMs: number, holder = this.holder): Promise<void> {
    await this.ds.query(`UPDATE device_leases SET expires_at = now() + ($3::int * interval '1 millisecond') WHERE device_id = ANY($1::uuid[]) AND holder = $2`, [
      deviceIds,
      holder,
      ttlMs,
    ]);
  }

  async release(deviceIds: string[], holder = this.holder): Promise<void> {
    await this.ds.query('DELETE FROM device_leases WHERE device_id = ANY($1::uuid[]) AND holder = $2', [deviceIds, holder]);
  }

  /** Who holds a device now (an unexpired lease), for diagnostics and tests. */
  async holderOf(deviceId: string): Promise<string | null> {
    const [row]: { holder: string }[] = await this.ds.query('SELECT holder FROM device_leases WHERE device_id = $1 AND expires_at >= now()', [deviceId]);
    return row?.holder ?? null;
  }
}

class LeaseRefused extends Error {}
