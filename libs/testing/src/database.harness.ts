import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '#persistence';

export interface TestDatabase {
  url: string;
  kind: 'postgres' | 'embedded';
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a new database on the PostgreSQL server named by
 * DATABASE_URL when it is set (CI sets it), else an embedded PGlite in a temporary directory.
 * Under CI a missing DATABASE_URL is an error, so the real-PostgreSQL tests cannot silently vanish.
 */
export async function provisionDatabase(kind: 'auto' | 'embedded' = 'auto'): Promise<TestDatabase> {
  const server = process.env.DATABASE_URL;
  if (kind === 'auto' && !server && process.env.CI) throw new Error('CI must set DATABASE_URL: the suite runs against the real PostgreSQL there');
  if (kind === 'auto' && server) return createOnServer(server);
  const dir = mkdtempSync(join(tmpdir(), 'spinel-pg-'));
  const embedded = await startEmbeddedPostgres({ dataDir: dir });
  return {
    url: embedded.url,
    kind: 'embedded',
    drop: async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createOnServer(serverUrl: string): Promise<TestDatabase> {
  const name = `spinel_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'postgres',
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
