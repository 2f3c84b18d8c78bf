import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drift detection's record (the last check of each device) and the scheduler lease of the
 * controllers sharing a database without Redis.
 */
export class DriftAndLeases1764600000000 implements MigrationInterface {
  name = 'DriftAndLeases1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE device_drift (
      device_id uuid PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
      checked_at timestamptz NOT NULL,
      revision bigint NOT NULL,
      in_sync_with_desired boolean,
      drifted boolean,
      diff_desired text,
      diff_running text,
      summary jsonb,
      error text,
      error_code text)`);
    await q.query(`CREATE TABLE leader_leases (
      name text PRIMARY KEY,
      holder text NOT NULL,
      expires_at timestamptz NOT NULL,
      acquired_at timestamptz NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS leader_leases');
    await q.query('DROP TABLE IF EXISTS device_drift');
  }
}
