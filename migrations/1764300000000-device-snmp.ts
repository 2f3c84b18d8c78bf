import type { MigrationInterface, QueryRunner } from 'typeorm';

/** SNMP per device: how to reach its agent, and the latest status and counters of its interfaces. */
export class DeviceSnmp1764300000000 implements MigrationInterface {
  name = 'DeviceSnmp1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE device_snmp_settings (
      device_id uuid PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
      port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
      community_sealed text NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL DEFAULT now(),
      last_poll_at timestamptz,
      last_poll_error text)`);
    // Counters are unsigned 64-bit: numeric(20), not bigint.
    await q.query(`CREATE TABLE device_interfaces (
      device_id uuid NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
      if_index integer NOT NULL CHECK (if_index > 0),
      name text NOT NULL,
      admin_up boolean NOT NULL,
      oper_up boolean NOT NULL,
      in_octets numeric(20) NOT NULL CHECK (in_octets >= 0),
      out_octets numeric(20) NOT NULL CHECK (out_octets >= 0),
      in_packets numeric(20) NOT NULL CHECK (in_packets >= 0),
      out_packets numeric(20) NOT NULL CHECK (out_packets >= 0),
      in_errors numeric(20) NOT NULL CHECK (in_errors >= 0),
      out_errors numeric(20) NOT NULL CHECK (out_errors >= 0),
      counter_bits smallint NOT NULL CHECK (counter_bits IN (32, 64)),
      polled_at timestamptz NOT NULL,
      status_trap_at timestamptz,
      PRIMARY KEY (device_id, if_index))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS device_interfaces');
    await q.query('DROP TABLE IF EXISTS device_snmp_settings');
  }
}
