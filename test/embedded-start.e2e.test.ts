import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, expectStatus } from '#testing';
import { startController } from '../apps/controller/src/bootstrap.js';
import { loadConfig } from '../apps/controller/src/config.js';

/**
 * `npm start` with no DATABASE_URL: the embedded PostgreSQL under SPINEL_DATA_DIR, migrations on
 * start, an admin token generated once, and state that survives a restart.
 */
describe('embedded default (no DATABASE_URL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'spinel-embedded-'));
  const config = () => loadConfig({ PORT: '0', HOST: '127.0.0.1', SPINEL_DATA_DIR: dataDir });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, serves the API, keeps state and the admin token across a restart', async () => {
    const first = await startController(config(), { logger: ['error'] });
    let token: string;
    let vpcId: string;
    try {
      expect(first.database).toBe('embedded');
      expect(first.migrationsApplied.length).toBeGreaterThan(0);
      token = first.generatedAdminToken as string;
      expect(token).toMatch(/^spn_[A-Za-z0-9_-]{43}$/);
      const api = new ApiClient(first.url, token);
      expect(expectStatus(await api.get('/readyz'), 200)).toMatchObject({ status: 'ready', migrations: 'applied' });
      const fabric = expectStatus(await api.post('/fabrics', { name: 'dc1', asn: 65000 }), 201);
      const tenant = expectStatus(await api.post('/tenants', { name: 'acme' }), 201);
      vpcId = expectStatus(await api.post('/vpcs', { tenantId: tenant.id, fabricId: fabric.id, name: 'prod', cidrs: ['10.1.0.0/16'] }), 201).id;
      // A second controller on the same data directory is refused while the first runs.
      await expect(startController(config(), { logger: false })).rejects.toThrow(/in use|lock|already/i);
    } finally {
      await first.close();
    }

    const second = await startController(config(), { logger: ['error'] });
    try {
      expect(second.generatedAdminToken).toBeUndefined(); // printed once, stored hashed
      expect(second.migrationsApplied).toEqual([]);
      const api = new ApiClient(second.url, token);
      expect(expectStatus(await api.get(`/vpcs/${vpcId}`), 200)).toMatchObject({ name: 'prod', l3Vni: 10000 });
      expect(expectStatus(await api.get('/revisions'), 200).head).toBe(3);
    } finally {
      await second.close();
    }
  });
});
