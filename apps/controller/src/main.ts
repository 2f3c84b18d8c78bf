import { Logger } from '@nestjs/common';
import { startController } from './bootstrap.js';
import { loadConfig } from './config.js';
import { type RunningDemoFabric, startDemoFabric } from './demo-fabric/demo-fabric.js';

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
  let demo: RunningDemoFabric | undefined;
  if (config.demoFabric.enabled) {
    try {
      demo = await startDemoFabric(running.app, config);
    } catch (e) {
      await running.close();
      throw e;
    }
    for (const w of demo.inventory.warnings) log.warn(`demo fabric: ${w}`);
    process.stdout.write(demo.summary(running.url));
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.log(`${signal} received, shutting down`);
    try {
      await running.close();
    } finally {
      await demo?.close();
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (e) {
  log.error(`start-up failed: ${(e as Error).message}`);
  process.exit(1);
}
