import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The provisioning pipeline's durable record: the outbox that every intent write fills in its own
 * transaction (so a crash between commit and enqueue loses nothing), one operation per revision,
 * its per-fabric progress and per-device steps, and the event log the SSE stream replays.
 */
export class Operations1764400000000 implements MigrationInterface {
  name = 'Operations1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      revision bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      payload jsonb NOT NULL,
      dispatched_at timestamptz)`);
    await q.query('CREATE INDEX outbox_undispatched ON outbox (id) WHERE dispatched_at IS NULL');
    await q.query(`CREATE TABLE operations (
      id uuid PRIMARY KEY,
      revision bigint NOT NULL UNIQUE,
      tenant_id uuid,
      state text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
      note text,
      error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz)`);
    await q.query('CREATE INDEX operations_state ON operations (state, revision)');
    // One row per fabric the revision touched: the operation ends when every fabric's reconcile has.
    await q.query(`CREATE TABLE operation_fabrics (
      operation_id uuid NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
      fabric_id uuid NOT NULL,
      state text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
      PRIMARY KEY (operation_id, fabric_id))`);
    await q.query('CREATE INDEX operation_fabrics_pending ON operation_fabrics (fabric_id, state)');
    await q.query(`CREATE TABLE operation_steps (
      id bigserial PRIMARY KEY,
      operation_id uuid NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
      fabric_id uuid NOT NULL,
      device_id uuid NOT NULL,
      device_name text NOT NULL,
      state text NOT NULL,
      revision bigint NOT NULL,
      diff text NOT NULL,
      error text,
      started_at timestamptz NOT NULL,
      finished_at timestamptz)`);
    await q.query('CREATE INDEX operation_steps_operation ON operation_steps (operation_id, id)');
    await q.query(`CREATE TABLE operation_events (
      id bigserial PRIMARY KEY,
      operation_id uuid NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
      tenant_id uuid,
      type text NOT NULL,
      data jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['operation_events', 'operation_steps', 'operation_fabrics', 'operations', 'outbox']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
