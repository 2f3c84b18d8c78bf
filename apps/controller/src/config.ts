import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDemoFabricConfig, type DemoFabricConfig } from './demo-fabric/demo-fabric.config.js';
import { type ClusterConfig, loadClusterConfig } from './cluster/cluster-config.js';
import { loadSnmpConfig, type SnmpConfig } from './snmp/snmp-config.js';

/** Everything the controller reads from its environment, resolved once at start. */
export interface SpinelConfig {
  port: number;
  host: string;
  /** Real PostgreSQL when set; otherwise the embedded one under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  adminToken: string | undefined;
  /** 32-byte key sealing device credentials at rest. */
  secretKey: Buffer;
  snmp: SnmpConfig;
  /** Jobs run on Redis when set; otherwise on BullMQ's PostgreSQL backend over the controller's database. */
  redisUrl: string | undefined;
  /** Key prefix of the queues on Redis (several controllers sharing one Redis use the same one). */
  queuePrefix: string;
  /** The emulated demo fabric `npm start` runs beside the controller (on by default on the embedded database). */
  demoFabric: DemoFabricConfig;
  /** Reconciles push to the devices (SPINEL_PUSH=off: they only record the planned change per device). */
  push: boolean;
  /** Confirm timeout of each device's confirmed commit: a controller that dies mid-transaction leaves devices that roll back after it. */
  confirmTimeoutSeconds: number;
  /** Leader election and the leader's periodic jobs (drift checks, SNMP polls). */
  cluster: ClusterConfig;
}

export const SPINEL_CONFIG = Symbol('SPINEL_CONFIG');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): SpinelConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer 0..65535, got '${env.PORT}'`);
  const dataDir = resolve(env.SPINEL_DATA_DIR ?? '.spinel');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    adminToken: env.SPINEL_ADMIN_TOKEN || undefined,
    secretKey: resolveSecretKey(env.SPINEL_SECRET_KEY, dataDir),
    snmp: loadSnmpConfig(env),
    redisUrl: env.REDIS_URL || undefined,
    queuePrefix: env.SPINEL_QUEUE_PREFIX || 'spinel',
    demoFabric: loadDemoFabricConfig(env),
    push: parsePush(env.SPINEL_PUSH),
    confirmTimeoutSeconds: parseConfirmTimeout(env.SPINEL_CONFIRM_TIMEOUT_SECONDS),
    cluster: loadClusterConfig(env),
  };
}

function parsePush(v: string | undefined): boolean {
  if (v === undefined || v === '' || v === 'on') return true;
  if (v === 'off') return false;
  throw new Error(`SPINEL_PUSH must be 'on' or 'off', got '${v}'`);
}

function parseConfirmTimeout(v: string | undefined): number {
  if (v === undefined || v === '') return 120;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 5 || n > 3600) throw new Error(`SPINEL_CONFIRM_TIMEOUT_SECONDS must be a whole number of seconds 5..3600, got '${v}'`);
  return n;
}

/**
 * SPINEL_SECRET_KEY (any string; hashed to 32 bytes) wins. Without it a random key is generated once
 * into the data directory, so a bare `npm start` works and keeps decrypting after a restart.
 */
function resolveSecretKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return createHash('sha256').update(configured).digest();
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} must hold a base64 32-byte key; delete it to generate a new one (sealed device passwords will need re-entering)`);
  return key;
}
