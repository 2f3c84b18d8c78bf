import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, aFabric, expectStatus } from '#testing';
import { startController } from '../apps/controller/src/bootstrap.js';
import { loadConfig } from '../apps/controller/src/config.js';
import { settled } from './support/operations.scenario.js';

/** `npm start` with neither DATABASE_URL nor REDIS_URL: jobs run on BullMQ's PostgreSQL backend in the controller's own PGlite. */
describe('jobs in the embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'spinel-embedded-jobs-'));
  const config = () => loadConfig({ PORT: '0', HOST: '127.0.0.1', SPINEL_DATA_DIR: dataDir, SPINEL_ADMIN_TOKEN: 'spn_embedded-jobs-token-000000000000000000000', SPINEL_PUSH: 'off' });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('completes operations, and again after a restart on the same data directory', async () => {
    const first = await startController(config(), { logger: ['error'] });
    let fabricId: string;
    try {
      expect(first.database).toBe('embedded');
      const api = new ApiClient(first.url, 'spn_embedded-jobs-token-000000000000000000000');
      const { fabric, leaves } = await aFabric().withSpines(1).withLeaves(1).create(api);
      fabricId = fabric.id;
      const res = await api.patch(`/devices/${leaves[0]!.id}`, { managementPort: 2022 });
      const op = await settled(api, res.headers.get('operation-id') as string);
      expect(op.state).toBe('succeeded');
      expect(op.steps.map((s: { device: string }) => s.device).sort()).toEqual(['leaf-1', 'spine-1']);
    } finally {
      await first.close();
    }
    const second = await startController(config(), { logger: ['error'] });
    try {
      const api = new ApiClient(second.url, 'spn_embedded-jobs-token-000000000000000000000');
      const tenant = expectStatus(await api.post('/tenants', { name: 'after-restart' }), 201);
      const res = await api.post('/vpcs', { tenantId: tenant.id, fabricId, name: 'vpc-after-restart', cidrs: ['10.30.0.0/16'] });
      expect(res.status).toBe(201);
      expect((await settled(api, res.headers.get('operation-id') as string)).state).toBe('succeeded');
    } finally {
      await second.close();
    }
  });
});
