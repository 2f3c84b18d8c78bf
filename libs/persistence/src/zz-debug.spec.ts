import fs from 'node:fs';
import pg from 'pg';
import { it } from 'vitest';
import { startEmbeddedPostgres } from './embedded-postgres.js';
it('debug', async () => {
  fs.rmSync('/tmp/pgx/dbg', { recursive: true, force: true });
  const server = await startEmbeddedPostgres({ dataDir: '/tmp/pgx/dbg', port: 0 });
  const pool = new pg.Pool({ connectionString: server.url, max: 3 });
  await Promise.all([1,2,3].map(() => pool.query('select 1')));
  console.log('started');
  process.env.DBG = '1';
  const big = 'x'.repeat(200_000);
  const large = [0,1].map(i => pool.query('SELECT length($1::text) AS len, $2::int AS i', [big, i]));
  const small = Array.from({ length: 3 }, (_, i) => pool.query('SELECT $1::int * 2 AS d', [i]));
  await Promise.all([...large, ...small]);
  console.log('done');
  await pool.end(); await server.stop();
}, 20000);
