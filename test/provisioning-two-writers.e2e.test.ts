import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, expectStatus } from '#testing';
import { type RunningController, startController } from '../apps/controller/src/bootstrap.js';
import { loadConfig } from '../apps/controller/src/config.js';
import { startTestController, type TestController, TEST_ADMIN_TOKEN } from './support/controller.harness.js';
import { settled } from './support/operations.scenario.js';
import { EmulatedFabric } from './support/provisioning.fabric.js';

/** Two pushing controllers on one database and one queue: each switch still has one writer at a time. */
describe('provisioning with two controllers', () => {
  let c: TestController;
  let second: RunningController;
  let api2: ApiClient;
  let f: EmulatedFabric;
  const secondDir = mkdtempSync(join(tmpdir(), 'spinel-two-writers-'));

  beforeAll(async () => {
    c = await startTestController({ env: { SPINEL_PUSH: 'on' } });
    const env: Record<string, string> = { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: c.db.url, SPINEL_DATA_DIR: secondDir, SPINEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN, SPINEL_SECRET_KEY: 'test-secret', SPINEL_PUSH: 'on' };
    if (c.queue === 'redis') Object.assign(env, { REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379', SPINEL_QUEUE_PREFIX: c.queuePrefix });
    second = await startController(loadConfig(env), { databaseRetries: 1, logger: ['error'] });
    api2 = new ApiClient(second.url, TEST_ADMIN_TOKEN);
    f = await new EmulatedFabric(c.api).create(2, 2);
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await c?.close();
    await f?.close();
    rmSync(secondDir, { recursive: true, force: true });
  });

  it('changes arriving through both converge, and every confirmed commit is confirmed by its own session before any other write', async () => {
    const tenant = expectStatus(await c.api.post('/tenants', { name: 'two-t' }), 201);
    const vpc = expectStatus(await c.api.post('/vpcs', { tenantId: tenant.id, fabricId: f.fabric.id, name: 'two-vpc', cidrs: ['10.7.0.0/16'] }), 201);
    const ls = expectStatus(await api2.post('/logical-switches', { vpcId: vpc.id, name: 'two-ls', subnet: '10.7.1.0/24' }), 201);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? api2 : c.api).post('/logical-ports', {
          logicalSwitchId: ls.id,
          name: `two-${i}`,
          binding: { kind: 'leaf-interface', deviceId: f.leaves[i % 2]!.device.id, interfaceName: `10GE1/0/${i + 1}` },
        }),
      ),
    );
    for (const res of responses) expect((await settled(c.api, expectStatus(res, 201) && (res.headers.get('operation-id') as string))).state).toBe('succeeded');
    await f.expectConverged();
    for (const d of f.devices) {
      const log = d.sw.store.commitLog;
      expect(log.length, d.device.name).toBeGreaterThan(0);
      for (let i = 0; i < log.length; i++) {
        if (!log[i]!.confirmed) continue;
        expect(log[i + 1], `${d.device.name} record ${i}: ${JSON.stringify(log.map((r) => [r.sessionId, r.confirmed]))}`).toMatchObject({ confirmed: false, sessionId: log[i]!.sessionId });
      }
    }
  }, 120_000);
});
