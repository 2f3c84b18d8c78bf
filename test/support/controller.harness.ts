import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startController, type RunningController } from '../../apps/controller/src/bootstrap.js';
import { loadConfig } from '../../apps/controller/src/config.js';
import { ApiClient, provisionDatabase, type TestDatabase } from '#testing';

export const TEST_ADMIN_TOKEN = 'spn_test-admin-token-0000000000000000000000';

export interface TestController {
  api: ApiClient;
  running: RunningController;
  db: TestDatabase;
  /** 'redis' (REDIS_URL, under a prefix of this controller's own) or 'postgres' (BullMQ's PostgreSQL backend). */
  queue: 'redis' | 'postgres';
  /** The Redis key prefix of this controller's queues. */
  queuePrefix: string;
  close(): Promise<void>;
}

export interface TestControllerOptions {
  database?: 'auto' | 'embedded';
  /** Where the jobs run. Default: Redis when REDIS_URL is set (CI sets it), else PostgreSQL. */
  queue?: 'redis' | 'postgres';
  env?: Record<string, string>;
}

/** A controller on a random loopback port over a fresh database; `close` removes everything. `env` adds settings (SPINEL_SNMP_…). */
export async function startTestController(opts: TestControllerOptions = {}): Promise<TestController> {
  const queue = opts.queue ?? (process.env.REDIS_URL ? 'redis' : 'postgres');
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const prefix = `spinel-t-${randomBytes(5).toString('hex')}`;
  const db = await provisionDatabase(opts.database ?? 'auto');
  const dataDir = mkdtempSync(join(tmpdir(), 'spinel-data-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    SPINEL_DATA_DIR: dataDir,
    SPINEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    SPINEL_SECRET_KEY: 'test-secret',
    // Devices of most tests are not running switches: only the provisioning tests push (SPINEL_PUSH=on).
    SPINEL_PUSH: 'off',
    ...(queue === 'redis' ? { REDIS_URL: redisUrl, SPINEL_QUEUE_PREFIX: prefix } : {}),
    ...opts.env,
  });
  const cleanUp = async () => {
    await db.drop();
    if (queue === 'redis') await deleteRedisKeys(redisUrl, `${config.queuePrefix}:*`);
    rmSync(dataDir, { recursive: true, force: true });
  };
  let running: RunningController;
  try {
    running = await startController(config, { databaseRetries: 1, logger: ['error'] });
  } catch (e) {
    await cleanUp();
    throw e;
  }
  return {
    api: new ApiClient(running.url, TEST_ADMIN_TOKEN),
    running,
    db,
    queue,
    queuePrefix: config.queuePrefix,
    close: async () => {
      await running.close();
      await cleanUp();
    },
  };
}

/** Remove a test's queues from the shared Redis. */
export async function deleteRedisKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
