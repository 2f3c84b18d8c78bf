import { Logger } from '@nestjs/common';
import { startController } from './bootstrap.js';
import { loadConfig } from './config.js';

const log = new Logger('Spinel');

try {
  const config = loadConfig();
  const running = await startController(config);
  const where = running.database === 'embedded' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL from DATABASE_URL';
  const jobs = config.redisUrl ? 'jobs on Redis' : 'jobs on BullMQ\'s PostgreSQL backend';
  log.log(`Spinel controller listening on ${running.url} (${where}; ${jobs})`);
  log.log(`REST API ${running.url}/api/v1 · OpenAPI ${running.url}/api/openapi.json · Swagger UI ${running.url}/api/docs`);
  if (running.generatedAdminToken) {
    // Printed once: only its hash is stored. Set SPINEL_ADMIN_TOKEN to choose your own instead.
    process.stdout.write(`\n  Admin token (shown only now, store it safely):\n\n    ${running.generatedAdminToken}\n\n`);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.log(`${signal} received, shutting down`);
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (e) {
  log.error(`start-up failed: ${(e as Error).message}`);
  process.exit(1);
}
