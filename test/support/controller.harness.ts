import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startController, type RunningController } from '../../apps/controller/src/bootstrap.js';
import { loadConfig } from '../../apps/controller/src/config.js';
import { ApiClient, provisionDatabase, type TestDatabase } from '#testing';

export const TEST_ADMIN_TOKEN = 'spn_test-admin-token-0000000000000000000000';

export interface TestController {
  api: ApiClient;
  running: RunningController;
  db: TestDatabase;
  close(): Promise<void>;
}

/** A controller on a random loopback port over a fresh database; `close` removes everything. `env` adds settings (SPINEL_SNMP_…). */
export async function startTestController(opts: { database?: 'auto' | 'embedded'; env?: Record<string, string> } = {}): Promise<TestController> {
  const db = await provisionDatabase(opts.database ?? 'auto');
  const dataDir = mkdtempSync(join(tmpdir(), 'spinel-data-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.url, SPINEL_DATA_DIR: dataDir, SPINEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN, SPINEL_SECRET_KEY: 'test-secret', ...opts.env });
  const running = await startController(config, { databaseRetries: 1, logger: ['error'] });
  return {
    api: new ApiClient(running.url, TEST_ADMIN_TOKEN),
    running,
    db,
    close: async () => {
      await running.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
