import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pushing intent to devices: one writer per device (leases), the durable record of each
 * multi-device transaction (what recovery finishes or rolls back), and each device's sync state.
 */
export class Provisioning1764500000000 implements MigrationInterface {
  name = 'Provisioning1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE device_leases (
      device_id uuid PRIMARY KEY,
      holder text NOT NULL,
      expires_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE provisioning_transactions (
      id uuid PRIMARY KEY,
      fabric_id uuid NOT NULL,
      revision bigint NOT NULL,
      operation_ids uuid[] NOT NULL,
      holder text NOT NULL,
      state text NOT NULL CHECK (state IN ('loading', 'committing', 'committed', 'confirmed', 'rolled-back', 'failed')),
      confirm_deadline timestamptz,
      error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX provisioning_transactions_open ON provisioning_transactions (updated_at) WHERE state IN ('loading', 'committing', 'committed')`);
    await q.query(`CREATE TABLE provisioning_transaction_devices (
      transaction_id uuid NOT NULL REFERENCES provisioning_transactions(id) ON DELETE CASCADE,
      device_id uuid NOT NULL,
      device_name text NOT NULL,
      state text NOT NULL,
      persist_id text,
      desired jsonb NOT NULL,
      error text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (transaction_id, device_id))`);
    await q.query(`CREATE TABLE device_sync (
      device_id uuid PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
      state text NOT NULL CHECK (state IN ('in-sync', 'pending', 'failed')),
      revision bigint,
      last_commit_at timestamptz,
      last_error text,
      updated_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['device_sync', 'provisioning_transaction_devices', 'provisioning_transactions', 'device_leases']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
