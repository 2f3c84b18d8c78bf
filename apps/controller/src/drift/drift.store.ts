import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Summary counts of a structural diff: entries the device would gain, change and lose. */
export interface ChangeCount {
  add: number;
  modify: number;
  remove: number;
}

/** The outcome of one drift check of one device. */
export interface DriftRecord {
  deviceId: string;
  checkedAt: Date;
  /** The intent revision the desired configuration was compiled at. */
  revision: number;
  /** null: never read successfully (only an error is known). */
  inSyncWithDesired: boolean | null;
  /** Running differs from the configuration last known to run there; null before any successful read. */
  drifted: boolean | null;
  /** What a push would change on the device (desired against running), in the platform's syntax. */
  diffDesired: string | null;
  /** What changed on the device since it was last known (last known against running), in the platform's syntax. */
  diffRunning: string | null;
  summary: { desired: ChangeCount; running: ChangeCount } | null;
  error: string | null;
  errorCode: string | null;
}

interface Row {
  device_id: string;
  checked_at: Date;
  revision: string;
  in_sync_with_desired: boolean | null;
  drifted: boolean | null;
  diff_desired: string | null;
  diff_running: string | null;
  summary: DriftRecord['summary'];
  error: string | null;
  error_code: string | null;
}

const fromRow = (r: Row): DriftRecord => ({
  deviceId: r.device_id,
  checkedAt: new Date(r.checked_at),
  revision: Number(r.revision),
  inSyncWithDesired: r.in_sync_with_desired,
  drifted: r.drifted,
  diffDesired: r.diff_desired,
  diffRunning: r.diff_running,
  summary: r.summary,
  error: r.error,
  errorCode: r.error_code,
});

/** `device_drift`: the last drift check of each device. */
@Injectable()
export class DriftStore {
  constructor(private readonly ds: DataSource) {}

  /** A successful read: the whole record is replaced. */
  async recordRead(r: Omit<DriftRecord, 'error' | 'errorCode'>): Promise<DriftRecord> {
    const rows: Row[] = await this.ds.query(
      `INSERT INTO device_drift (device_id, checked_at, revision, in_sync_with_desired, drifted, diff_desired, diff_running, summary, error, error_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL)
       ON CONFLICT (device_id) DO UPDATE SET checked_at = excluded.checked_at, revision = excluded.revision, in_sync_with_desired = excluded.in_sync_with_desired,
         drifted = excluded.drifted, diff_desired = excluded.diff_desired, diff_running = excluded.diff_running, summary = excluded.summary, error = NULL, error_code = NULL
       RETURNING *`,
      [r.deviceId, r.checkedAt, r.revision, r.inSyncWithDesired, r.drifted, r.diffDesired, r.diffRunning, JSON.stringify(r.summary)],
    );
    return fromRow(rows[0] as Row);
  }

  /**
   * The device could not be read: the error and the time are recorded, and what an earlier check
   * found stays (it is still the last thing known of the device).
   */
  async recordError(deviceId: string, checkedAt: Date, revision: number, error: string, code: string): Promise<DriftRecord> {
    const rows: Row[] = await this.ds.query(
      `INSERT INTO device_drift (device_id, checked_at, revision, error, error_code) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (device_id) DO UPDATE SET checked_at = excluded.checked_at, error = excluded.error, error_code = excluded.error_code
       RETURNING *`,
      [deviceId, checkedAt, revision, error, code],
    );
    return fromRow(rows[0] as Row);
  }

  async get(deviceId: string): Promise<DriftRecord | null> {
    const rows: Row[] = await this.ds.query('SELECT * FROM device_drift WHERE device_id = $1', [deviceId]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async forDevices(ids: string[]): Promise<Map<string, DriftRecord>> {
    if (!ids.length) return new Map();
    const rows: Row[] = await this.ds.query('SELECT * FROM device_drift WHERE device_id = ANY($1::uuid[])', [ids]);
    return new Map(rows.map((r) => [r.device_id, fromRow(r)]));
  }
}
