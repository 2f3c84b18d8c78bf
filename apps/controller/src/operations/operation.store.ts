import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type OperationState = 'queued' | 'running' | 'succeeded' | 'failed';

/** One device's part of a reconcile: what would change there, and how far it got. */
export interface StepRecord {
  deviceId: string;
  device: string;
  /** `planned` until devices are pushed to; `failed` when the device's configuration cannot be rendered. */
  state: 'planned' | 'failed';
  diff: string;
  error?: string;
}

export interface FabricPlanResult {
  fabricId: string;
  /** The intent revision the fabric was compiled at (the head when the reconcile ran). */
  revision: number;
  steps: StepRecord[];
}

/** A device's step while it is pushed to (docs/provisioning.md). */
export type PushStepState = 'pending' | 'loading' | 'loaded' | 'committed' | 'confirmed' | 'failed' | 'rolled-back';

/** The step rows of one device, one per carried operation. */
export interface StepHandle {
  fabricId: string;
  deviceId: string;
  device: string;
  revision: number;
  rows: { op: Claimed; stepId: string }[];
}

export interface Claimed {
  id: string;
  revision: number;
  tenantId: string | null;
}

const PLANNED_NOTE = 'planned: each step holds the change its device needs; pushing to devices is not enabled yet';

/**
 * The operations' durable state and its event log, in SQL. Every state change writes an
 * `operation_events` row in the same transaction, so the SSE stream (in any controller process)
 * replays exactly what happened.
 */
@Injectable()
export class OperationStore {
  constructor(private readonly ds: DataSource) {}

  /**
   * Take every queued operation of a fabric: the coalescing point. Changes committed while an
   * earlier reconcile of the fabric waited are all carried by the next one that runs.
   */
  async claim(fabricId: string): Promise<Claimed[]> {
    return this.ds.transaction(async (em) => {
      const rows: { id: string; revision: string; tenant_id: string | null; state: OperationState }[] = await em.query(
        // SKIP LOCKED: a reconcile of the same fabric in another process takes the rows it locked, never the same ones, and never waits.
        `WITH q AS (SELECT operation_id FROM operation_fabrics WHERE fabric_id = $1 AND state = 'queued' ORDER BY operation_id FOR UPDATE SKIP LOCKED),
              c AS (UPDATE operation_fabrics f SET state = 'running' FROM q WHERE f.fabric_id = $1 AND f.operation_id = q.operation_id RETURNING f.operation_id)
         SELECT o.id, o.revision, o.tenant_id, o.state FROM operations o JOIN c ON c.operation_id = o.id ORDER BY o.id`,
        [fabricId],
      );
      const claimed = rows.map((r) => ({ id: r.id, revision: Number(r.revision), tenantId: r.tenant_id }));
      const starting = rows.filter((r) => r.state === 'queued').map((r) => r.id);
      if (starting.length) {
        await lockOperations(em, starting);
        await em.query(`UPDATE operations SET state = 'running', started_at = now() WHERE id = ANY($1::uuid[])`, [starting]);
        for (const op of claimed.filter((c) => starting.includes(c.id))) await this.event(em, op, 'operation', { state: 'running' });
      }
      return claimed;
    });
  }

  /** Record a fabric's plan on every claimed operation, and end those with no fabric left to do. */
  async complete(claimed: Claimed[], result: FabricPlanResult): Promise<void> {
    await this.ds.transaction(async (em) => {
      await lockOperations(em, claimed.map((c) => c.id));
      const fabricState = result.steps.some((s) => s.state === 'failed') ? 'failed' : 'succeeded';
      for (const op of claimed) {
        for (const s of result.steps) {
          await em.query(
            `INSERT INTO operation_steps (operation_id, fabric_id, device_id, device_name, state, revision, diff, error, started_at, finished_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), now())`,
            [op.id, result.fabricId, s.deviceId, s.device, s.state, result.revision, s.diff, s.error ?? null],
          );
          await this.event(em, op, 'step', { fabricId: result.fabricId, deviceId: s.deviceId, device: s.device, state: s.state, revision: result.revision, ...(s.error ? { error: s.error } : {}) });
        }
        await em.query('UPDATE operation_fabrics SET state = $3 WHERE operation_id = $1 AND fabric_id = $2', [op.id, result.fabricId, fabricState]);
        const note = op.revision === result.revision ? PLANNED_NOTE : `${PLANNED_NOTE} (coalesced into revision ${result.revision})`;
        await this.finishIfDone(em, op, note);
      }
    });
  }

  /** Open one step per device (state `pending`) on every claimed operation. */
  async openSteps(claimed: Claimed[], fabricId: string, revision: number, devices: { deviceId: string; device: string }[]): Promise<Map<string, StepHandle>> {
    return this.ds.transaction(async (em) => {
      const out = new Map<string, StepHandle>();
      for (const d of devices) {
        const handle: StepHandle = { fabricId, deviceId: d.deviceId, device: d.device, revision, rows: [] };
        for (const op of claimed) {
          const [row]: { id: string }[] = await em.query(
            `INSERT INTO operation_steps (operation_id, fabric_id, device_id, device_name, state, revision, diff, started_at) VALUES ($1, $2, $3, $4, 'pending', $5, '', now()) RETURNING id`,
            [op.id, fabricId, d.deviceId, d.device, revision],
          );
          handle.rows.push({ op, stepId: String(row!.id) });
          await this.event(em, op, 'step', { fabricId, deviceId: d.deviceId, device: d.device, state: 'pending', revision });
        }
        out.set(d.deviceId, handle);
      }
      return out;
    });
  }

  /** A device's step moved on: its state, and the diff applied or the error once known. Ends the step in a final state. */
  async updateStep(h: StepHandle, state: PushStepState, detail: { diff?: string; error?: string } = {}): Promise<void> {
    const final = state === 'confirmed' || state === 'failed' || state === 'rolled-back';
    await this.ds.transaction(async (em) => {
      for (const { op, stepId } of h.rows) {
        await em.query(
          `UPDATE operation_steps SET state = $2, diff = coalesce($3, diff), error = coalesce($4, error), finished_at = CASE WHEN $5 THEN now() ELSE finished_at END WHERE id = $1`,
          [stepId, state, detail.diff ?? null, detail.error ?? null, final],
        );
        await this.event(em, op, 'step', { fabricId: h.fabricId, deviceId: h.deviceId, device: h.device, state, revision: h.revision, ...(detail.error ? { error: detail.error } : {}) });
      }
    });
  }

  /** The fabric's push ended (its steps are already recorded): end the operations with no fabric left to do. */
  async finishFabric(claimed: Claimed[], fabricId: string, revision: number, outcome: { error?: string; note: string }): Promise<void> {
    await this.ds.transaction(async (em) => {
      await lockOperations(em, claimed.map((c) => c.id));
      for (const op of claimed) {
        await em.query('UPDATE operation_fabrics SET state = $3 WHERE operation_id = $1 AND fabric_id = $2', [op.id, fabricId, outcome.error ? 'failed' : 'succeeded']);
        if (outcome.error) await em.query('UPDATE operations SET error = $2 WHERE id = $1', [op.id, `fabric ${fabricId}: ${outcome.error}`]);
        await this.finishIfDone(em, op, op.revision === revision ? outcome.note : `${outcome.note} (coalesced into revision ${revision})`);
      }
    });
  }

  /** Operations by id (a recovery finishing what a dead process claimed). */
  async byIds(ids: string[]): Promise<Claimed[]> {
    const rows: { id: string; revision: string; tenant_id: string | null }[] = await this.ds.query('SELECT id, revision, tenant_id FROM operations WHERE id = ANY($1::uuid[]) ORDER BY id', [ids]);
    return rows.map((r) => ({ id: r.id, revision: Number(r.revision), tenantId: r.tenant_id }));
  }

  /** The reconcile failed for good (retries exhausted, or a permanent error). */
  async fail(claimed: Claimed[], fabricId: string, error: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      await lockOperations(em, claimed.map((c) => c.id));
      for (const op of claimed) {
        await em.query(`UPDATE operation_fabrics SET state = 'failed' WHERE operation_id = $1 AND fabric_id = $2`, [op.id, fabricId]);
        await em.query('UPDATE operations SET error = $2 WHERE id = $1', [op.id, `fabric ${fabricId}: ${error}`]);
        await this.finishIfDone(em, op, null);
      }
    });
  }

  /** A transient failure: hand the operations back so the retried job (or a later one) claims them again. */
  async requeue(claimed: Claimed[], fabricId: string): Promise<void> {
    if (!claimed.length) return;
    await this.ds.query(`UPDATE operation_fabrics SET state = 'queued' WHERE fabric_id = $1 AND state = 'running' AND operation_id = ANY($2::uuid[])`, [
      fabricId,
      claimed.map((c) => c.id),
    ]);
  }

  /** An operation whose revision touched no fabric has nothing to do. */
  async finishEmpty(operationId: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      const rows: { id: string; revision: string; tenant_id: string | null }[] = await em.query(
        `WITH u AS (UPDATE operations SET state = 'succeeded', started_at = now(), finished_at = now(), note = 'no device affected'
           WHERE id = $1 AND state = 'queued' RETURNING id, revision, tenant_id) SELECT * FROM u`,
        [operationId],
      );
      for (const r of rows) await this.event(em, { id: r.id, revision: Number(r.revision), tenantId: r.tenant_id }, 'operation', { state: 'succeeded', note: 'no device affected' });
    });
  }

  private async finishIfDone(em: EntityManager, op: Claimed, note: string | null): Promise<void> {
    const rows: { state: string }[] = await em.query('SELECT state FROM operation_fabrics WHERE operation_id = $1', [op.id]);
    if (rows.some((r) => r.state === 'queued' || r.state === 'running')) return;
    const state: OperationState = rows.some((r) => r.state === 'failed') ? 'failed' : 'succeeded';
    const [updated]: { error: string | null }[] = await em.query(
      `WITH u AS (UPDATE operations SET state = $2, finished_at = now(), note = coalesce($3, note),
         error = CASE WHEN $2 = 'failed' THEN coalesce(error, 'a device configuration cannot be rendered') ELSE error END
       WHERE id = $1 RETURNING error) SELECT * FROM u`,
      [op.id, state, note],
    );
    await this.event(em, op, 'operation', { state, ...(note ? { note } : {}), ...(state === 'failed' ? { error: updated?.error } : {}) });
  }

  private async event(em: EntityManager, op: Claimed, type: 'operation' | 'step', data: Record<string, unknown>): Promise<void> {
    await em.query('INSERT INTO operation_events (operation_id, tenant_id, type, data) VALUES ($1, $2, $3, $4)', [
      op.id,
      op.tenantId,
      type,
      JSON.stringify({ operationId: op.id, revision: op.revision, ...data }),
    ]);
  }
}

/**
 * Lock the operations rows, always in id order (no deadlock between two reconciles). An operation
 * spanning two fabrics is completed by whichever fabric's reconcile ends last: holding its row, the
 * other's fabric state is already committed when this one looks.
 */
async function lockOperations(em: EntityManager, ids: string[]): Promise<void> {
  if (ids.length) await em.query('SELECT id FROM operations WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
}
