import { afterEach, describe, expect, it } from 'vitest';
import { createDataSource, hasPendingMigrations, migrate } from '#persistence';
import { provisionDatabase, type TestDatabase } from '#testing';
import { MIGRATIONS } from '#migrations';

const TABLES = [
  'api_tokens', 'container_nodes', 'device_configs', 'device_drift', 'device_host_keys', 'device_interfaces', 'device_leases',
  'device_snmp_settings', 'device_sync', 'devices', 'external_gateways', 'fabrics', 'intent_head', 'ip_blocks', 'leader_leases', 'links',
  'logical_ports', 'logical_routers', 'logical_switches', 'provisioning_transaction_devices', 'provisioning_transactions', 'revisions',
  'security_policies', 'tenants', 'vni_allocations', 'vpcs',
];

/** The same migrations, on the server CI provides (DATABASE_URL) and on the embedded PGlite. */
describe.each(['auto', 'embedded'] as const)('migrations on %s PostgreSQL', (kind) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('apply from empty, leave nothing pending, are idempotent, and revert cleanly', async () => {
    db = await provisionDatabase(kind);
    if (kind === 'auto' && process.env.CI) expect(db.kind).toBe('postgres');
    const ds = createDataSource({ url: db.url, poolSize: 2 });
    await ds.initialize();
    try {
      expect(await hasPendingMigrations(ds)).toBe(true);
      const applied = await migrate(ds);
      expect(applied).toEqual(MIGRATIONS.map((m) => m.name));
      expect(await hasPendingMigrations(ds)).toBe(false);
      expect(await migrate(ds)).toEqual([]);

      const tables = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
      expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(expect.arrayContaining(TABLES));
      expect(await ds.query('SELECT revision FROM intent_head WHERE id = 1')).toEqual([{ revision: '0' }]);
      // The schema enforces what the API checks, as a backstop: a VNI outside 1..16777214 is refused.
      const [fabric] = await ds.query(
        `INSERT INTO fabrics (version, name, asn, vni_min, vni_max, vlan_min, vlan_max, anycast_gateway_mac) VALUES (1, 'f', 65000, 1, 100, 1, 100, '00:00:5e:00:01:01') RETURNING id`,
      );
      await expect(ds.query(`INSERT INTO vni_allocations VALUES ($1, 16777215, 'vpc', gen_random_uuid())`, [fabric.id])).rejects.toThrow(/check constraint/);

      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration();
      const left = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'spinel_migrations'`);
      expect(left).toEqual([]);
      expect(await hasPendingMigrations(ds)).toBe(true);
    } finally {
      await ds.destroy();
    }
  });
});
