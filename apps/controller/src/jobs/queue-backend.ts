import { Logger } from '@nestjs/common';
import type { BullRootModuleOptions } from '@nestjs/bullmq';
import { createPostgresBackend, runMigrations, setDefaultBackendFactory } from 'bullmq';
import pg from 'pg';
import type { SpinelConfig } from '../config.js';

const BULLMQ_SCHEMA = 'bullmq';
const log = new Logger('Jobs');

/** Retries with exponential backoff for transient failures; a handler throws UnrecoverableError for permanent ones. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
} as const;

/**
 * BullMQ's root options: Redis when REDIS_URL is set, else its PostgreSQL backend over the
 * controller's own database (real or embedded). The backend is BullMQ's process-wide default
 * factory (@nestjs/bullmq constructs its queues and workers without one), so one process runs one
 * controller's queues — which is how Spinel runs.
 */
export async function bullRootOptions(config: SpinelConfig, databaseUrl: string): Promise<BullRootModuleOptions> {
  if (config.redisUrl) {
    setDefaultBackendFactory();
    return { connection: redisOptions(config.redisUrl), prefix: config.queuePrefix, defaultJobOptions: DEFAULT_JOB_OPTIONS };
  }
  await preparePostgres(databaseUrl);
  setDefaultBackendFactory(createPostgresBackend);
  const connection = { connectionString: databaseUrl, schema: BULLMQ_SCHEMA, migrate: true, max: 4 };
  return { connection: connection as never, defaultJobOptions: DEFAULT_JOB_OPTIONS };
}

function redisOptions(url: string) {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`REDIS_URL must be redis://host:port[/db], got '${url}'`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // BullMQ's workers block on Redis; ioredis must retry their commands forever rather than fail them.
    maxRetriesPerRequest: null,
  };
}

/**
 * Creates BullMQ's schema once, and copes with the embedded PGlite: its clients all share one
 * session and it ignores the `-c search_path=bullmq` start-up option BullMQ pins its pool with, so
 * BullMQ's unqualified names would not resolve. There, the (global) search path becomes
 * `public, bullmq`: Spinel's tables first, BullMQ's next (no name is in both).
 */
async function preparePostgres(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${BULLMQ_SCHEMA}` });
  await client.connect();
  try {
    const [row] = (await client.query('SHOW search_path')).rows as { search_path: string }[];
    if (row?.search_path.replaceAll('"', '') !== BULLMQ_SCHEMA) {
      log.log('database shares one session between connections (embedded PGlite): search_path set to public, bullmq');
      await client.query(`SET search_path TO public, ${BULLMQ_SCHEMA}`);
    }
    await runMigrations(client, BULLMQ_SCHEMA);
  } finally {
    await client.end();
  }
}
