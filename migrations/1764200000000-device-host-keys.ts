import type { MigrationInterface, QueryRunner } from 'typeorm';

/** SSH host-key pinning per device: the accepted key, and a different key waiting for an operator. */
export class DeviceHostKeys1764200000000 implements MigrationInterface {
  name = 'DeviceHostKeys1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE device_host_keys (
      device_id uuid PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
      pinned_fingerprint text NOT NULL,
      pinned_at timestamptz NOT NULL DEFAULT now(),
      pending_fingerprint text,
      pending_seen_at timestamptz)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS device_host_keys');
  }
}
