import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningController, startController } from '../apps/controller/src/bootstrap.js';
import { loadConfig } from '../apps/controller/src/config.js';
import { ApiClient, aFabric, expectStatus, seed } from '#testing';
import { startTestController, TEST_ADMIN_TOKEN, type TestController } from './support/controller.harness.js';
import { settled } from './support/operations.scenario.js';

type Json = Record<string, any>;

/** Two controllers on one database (and one Redis prefix): both dispatch the outbox and run reconciles. */
describe('operations with two controllers', () => {
  let c: TestController;
  let second: RunningController;
  let secondDir: string;

  beforeAll(async () => {
    c = await startTestController();
    secondDir = mkdtempSync(join(tmpdir(), 'spinel-data-'));
    const env: Record<string, string> = { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: c.db.url, SPINEL_DATA_DIR: secondDir, SPINEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN, SPINEL_SECRET_KEY: 'test-secret', SPINEL_PUSH: 'off' };
    if (c.queue === 'redis') Object.assign(env, { REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379', SPINEL_QUEUE_PREFIX: c.queuePrefix });
    second = await startController(loadConfig(env), { databaseRetries: 1, logger: ['error'] });
  });
  afterAll(async () => {
    await second?.close();
    if (secondDir) rmSync(secondDir, { recursive: true, force: true });
    await c?.close();
  });

  it('carries every change exactly once when changes arrive through both', async () => {
    const apis = [c.api, new ApiClient(second.url, TEST_ADMIN_TOKEN)];
    const { fabric } = await aFabric().withSpines(1).withLeaves(3).create(c.api);
    const { vpc } = await seed.tenantVpc(c.api, fabric.id, { cidrs: ['10.20.0.0/16'] });
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => apis[i % 2]!.post('/logical-switches', { vpcId: vpc.id, name: `both-${i}`, subnet: `10.20.${i}.0/24` })),
    );
    const ids = responses.map((r) => {
      expect(r.status).toBe(201);
      return r.headers.get('operation-id') as string;
    });
    const ops: Json[] = [];
    for (const id of ids) ops.push(await settled(apis[ops.length % 2]!, id));
    for (const op of ops) {
      expect(op.state).toBe('succeeded');
      // Never carried twice: one step per device of the fabric, each device once.
      expect(op.steps.map((s: Json) => s.device).sort()).toEqual(['leaf-1', 'leaf-2', 'leaf-3', 'spine-1'].sort());
    }
    const pending = expectStatus(await c.api.get('/operations?state=queued'), 200);
    expect(pending.total).toBe(0);
  });
});
