import { Injectable } from '@nestjs/common';
import type { DeviceIntent } from '#intent';
import { DataSource } from 'typeorm';

/** A transaction's phases, each written before the devices enter it (see docs/provisioning.md). */
export type TransactionState = 'loading' | 'committing' | 'committed' | 'confirmed' | 'rolled-back' | 'failed';
export type TxDeviceState = 'pending' | 'loading' | 'loaded' | 'committing' | 'committed' | 'confirmed' | 'failed' | 'rolled-back';
export type SyncState = 'in-sync' | 'pending' | 'failed';

export interface TxDevice {
  deviceId: string;
  device: string;
  desired: DeviceIntent;
}

export interface OpenTransaction {
  id: string;
  fabricId: string;
  revision: number;
  operationIds: string[];
  holder: string;
  state: TransactionState;
  confirmDeadline: Date | null;
  devices: { deviceId: string; device: string; state: TxDeviceState; persistId: string | null; desired: DeviceIntent }[];
}

/**
 * The durable record of multi-device transactions (`provisioning_transactions` and its per-device
 * rows), the devices' sync state (`device_sync`) and their last known running configuration
 * (`device_configs`, what plans and reconciles diff against).
 */
@Injectable()
export class TransactionStore {
  constructor(private readonly ds: DataSource) {}

  async begin(id: string, t: { fabricId: string; revision: number; operationIds: string[]; holder: string }, devices: TxDevice[]): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO provisioning_transactions (id, fabric_id, revision, operation_ids, holder, state) VALUES ($1, $2, $3, $4::uuid[], $5, 'loading')`,
        [id, t.fabricId, t.revision, t.operationIds, t.holder],
      );
      for (const d of devices) {
        await em.query(`INSERT INTO provisioning_transaction_devices (transaction_id, device_id, device_name, state, desired) VALUES ($1, $2, $3, 'pending', $4)`, [
          id,
          d.deviceId,
          d.device,
          JSON.stringify(d.desired),
        ]);
      }
    });
  }

  /** Before the commits: the deadline and every persist id, so a successor can confirm or cancel them. */
  async committing(id: string, deadline: Date, persistIds: Map<string, string>): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.query(`UPDATE provisioning_transactions SET state = 'committing', confirm_deadline = $2, updated_at = now() WHERE id = $1`, [id, deadline]);
      for (const [deviceId, persistId] of persistIds) {
        await em.query(`UPDATE provisioning_transaction_devices SET state = 'committing', persist_id = $3, updated_at = now() WHERE transaction_id = $1 AND device_id = $2`, [
          id,
          deviceId,
          persistId,
        ]);
      }
    });
  }

  async setState(id: string, state: TransactionState, error?: string): Promise<void> {
    await this.ds.query('UPDATE provisioning_transactions SET state = $2, error = coalesce($3, error), updated_at = now() WHERE id = $1', [id, state, error ?? null]);
  }

  async setDevice(id: string, deviceId: string, state: TxDeviceState, error?: string): Promise<void> {
    await this.ds.query(
      'UPDATE provisioning_transaction_devices SET state = $3, error = coalesce($4, error), updated_at = now() WHERE transaction_id = $1 AND device_id = $2',
      [id, deviceId, state, error ?? null],
    );
  }

  /** Transactions that did not end, held by someone other than `holder` (a recovery's candidates). */
  async unfinished(holder: string): Promise<OpenTransaction[]> {
    const txs: { id: string; fabric_id: string; revision: string; operation_ids: string[]; holder: string; state: TransactionState; confirm_deadline: Date | null }[] =
      await this.ds.query(`SELECT * FROM provisioning_transactions WHERE state IN ('loading', 'committing', 'committed') AND holder <> $1 ORDER BY created_at`, [holder]);
    const out: OpenTransaction[] = [];
    for (const t of txs) {
      const devices: { device_id: string; device_name: string; state: TxDeviceState; persist_id: string | null; desired: DeviceIntent }[] = await this.ds.query(
        'SELECT * FROM provisioning_transaction_devices WHERE transaction_id = $1 ORDER BY device_name',
        [t.id],
      );
      out.push({
        id: t.id,
        fabricId: t.fabric_id,
        revision: Number(t.revision),
        operationIds: t.operation_ids,
        holder: t.holder,
        state: t.state,
        confirmDeadline: t.confirm_deadline,
        devices: devices.map((d) => ({ deviceId: d.device_id, device: d.device_name, state: d.state, persistId: d.persist_id, desired: d.desired })),
      });
    }
    return out;
  }

  /** An unfinished transaction of another holder touching any of these devices (recovery has to finish it first). */
  async unfinishedTouching(deviceIds: string[], holder: string): Promise<string | null> {
    const [row]: { id: string }[] = await this.ds.query(
      `SELECT t.id FROM provisioning_transactions t JOIN provisioning_transaction_devices d ON d.transaction_id = t.id
       WHERE t.state IN ('loading', 'committing', 'committed') AND t.holder <> $2 AND d.device_id = ANY($1::uuid[]) LIMIT 1`,
      [deviceIds, holder],
    );
    return row?.id ?? null;
  }

  /** After a confirmed push: what runs on the device now, and that it is in sync at `revision`. */
  async recordRunning(deviceId: string, running: DeviceIntent, revision: number): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO device_configs (device_id, running_intent, revision, observed_at)
           SELECT $1, $2::jsonb, $3, now() WHERE EXISTS (SELECT 1 FROM devices WHERE id = $1)
         ON CONFLICT (device_id) DO UPDATE SET running_intent = EXCLUDED.running_intent, revision = EXCLUDED.revision, observed_at = now()`,
        [deviceId, JSON.stringify(running), revision],
      );
      await this.upsertSync(em, deviceId, 'in-sync', revision, null, true);
    });
  }

  async setSync(deviceIds: string[], state: SyncState, revision: number, error: string | null = null): Promise<void> {
    for (const id of deviceIds) await this.upsertSync(this.ds.manager, id, state, revision, error, false);
  }

  /** Retries ran out: the fabric's devices still pending are failed, with the last reason. */
  async failPending(fabricId: string, error: string): Promise<void> {
    await this.ds.query(
      `UPDATE device_sync SET state = 'failed', last_error = $2, updated_at = now() WHERE state = 'pending' AND device_id IN (SELECT id FROM devices WHERE fabric_id = $1)`,
      [fabricId, error],
    );
  }

  async sync(deviceId: string): Promise<{ state: SyncState; revision: number | null; lastCommitAt: Date | null; lastError: string | null; updatedAt: Date } | null> {
    const [r]: { state: SyncState; revision: string | null; last_commit_at: Date | null; last_error: string | null; updated_at: Date }[] = await this.ds.query(
      'SELECT * FROM device_sync WHERE device_id = $1',
      [deviceId],
    );
    return r ? { state: r.state, revision: r.revision === null ? null : Number(r.revision), lastCommitAt: r.last_commit_at, lastError: r.last_error, updatedAt: r.updated_at } : null;
  }

  private async upsertSync(em: { query: DataSource['query'] }, deviceId: string, state: SyncState, revision: number, error: string | null, committed: boolean): Promise<void> {
    // A device deleted meanwhile has no sync state to keep (the foreign key would refuse it).
    await em.query(
      `INSERT INTO device_sync (device_id, state, revision, last_commit_at, last_error, updated_at)
         SELECT $1, $2, $3, CASE WHEN $5 THEN now() END, $4, now() WHERE EXISTS (SELECT 1 FROM devices WHERE id = $1)
       ON CONFLICT (device_id) DO UPDATE SET state = EXCLUDED.state, revision = EXCLUDED.revision, last_error = EXCLUDED.last_error, updated_at = now(),
         last_commit_at = CASE WHEN $5 THEN now() ELSE device_sync.last_commit_at END`,
      [deviceId, state, revision, error, committed],
    );
  }
}
