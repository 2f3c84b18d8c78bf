import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { RevisionChange } from '#persistence';

/** Writers NOTIFY this channel; PostgreSQL delivers it at commit, waking the dispatchers. */
export const OUTBOX_CHANNEL = 'spinel_outbox';

/** What an outbox row carries: the objects a revision touched and the fabrics whose configs may change. */
export interface OutboxPayload {
  operationId: string;
  changes: { kind: string; id: string; op: RevisionChange['op'] }[];
  fabrics: string[];
}

/**
 * Called by the intent writer inside its transaction, after the revision row: one outbox row for the
 * dispatcher and one queued operation for the API. Both commit with the intent or not at all.
 */
export async function recordOperation(em: EntityManager, revision: number, tenantId: string | null, changes: RevisionChange[]): Promise<string> {
  const operationId = randomUUID();
  const fabrics = await affectedFabrics(em, changes);
  const payload: OutboxPayload = { operationId, changes: changes.map(({ kind, id, op }) => ({ kind, id, op })), fabrics };
  await em.query('INSERT INTO operations (id, revision, tenant_id, state) VALUES ($1, $2, $3, $4)', [operationId, revision, tenantId, 'queued']);
  if (fabrics.length) {
    await em.query(`INSERT INTO operation_fabrics (operation_id, fabric_id, state) SELECT $1, f, 'queued' FROM unnest($2::uuid[]) AS f`, [operationId, fabrics]);
  }
  await em.query(`INSERT INTO operation_events (operation_id, tenant_id, type, data) VALUES ($1, $2, 'operation', $3)`, [
    operationId,
    tenantId,
    JSON.stringify({ operationId, revision, state: 'queued' }),
  ]);
  await em.query('INSERT INTO outbox (revision, payload) VALUES ($1, $2)', [revision, JSON.stringify(payload)]);
  await em.query(`NOTIFY ${OUTBOX_CHANNEL}`);
  return operationId;
}

/**
 * The fabrics a revision may change. Objects name their fabric directly (`fabricId`) or through
 * their VPC (`vpcId`); anything else (a tenant, say) conservatively affects every fabric: a
 * reconcile that finds nothing to change records no step, so over-approximating costs only a compile.
 */
async function affectedFabrics(em: EntityManager, changes: RevisionChange[]): Promise<string[]> {
  const fabrics = new Set<string>();
  const vpcs = new Set<string>();
  let unresolved = false;
  for (const c of changes) {
    const image = (c.after ?? c.before ?? {}) as { fabricId?: unknown; vpcId?: unknown };
    if (c.kind === 'fabric') {
      if (c.op !== 'delete') fabrics.add(c.id);
    } else if (typeof image.fabricId === 'string') fabrics.add(image.fabricId);
    else if (typeof image.vpcId === 'string') vpcs.add(image.vpcId);
    else unresolved = true;
  }
  if (vpcs.size) {
    const rows: { fabric_id: string }[] = await em.query('SELECT DISTINCT fabric_id FROM vpcs WHERE id = ANY($1::uuid[])', [[...vpcs]]);
    for (const r of rows) fabrics.add(r.fabric_id);
    if (rows.length === 0) unresolved = true;
  }
  if (unresolved) for (const r of (await em.query('SELECT id FROM fabrics')) as { id: string }[]) fabrics.add(r.id);
  // A fabric deleted in this very revision has nothing left to reconcile.
  const existing: { id: string }[] = fabrics.size ? await em.query('SELECT id FROM fabrics WHERE id = ANY($1::uuid[])', [[...fabrics]]) : [];
  return existing.map((r) => r.id).sort();
}
