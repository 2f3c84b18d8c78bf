import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The last configuration known to run on each device, as a normalized intent: what plans diff against. */
export class DeviceConfigs1764100000000 implements MigrationInterface {
  name = 'DeviceConfigs1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE device_configs (
      device_id uuid PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
      running_intent jsonb NOT NULL,
      revision bigint NOT NULL,
      observed_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS device_configs');
  }
}
