import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.js';

const tempDirs: string[] = [];
function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spinel-embedded-pg-'));
  tempDirs.push(dir);
  return path.join(dir, 'data'); // not created yet: startEmbeddedPostgres must create it
}

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Resolves when `p` settles; lets a test ask "has it finished yet?" without timers. */
function track<T>(p: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  const promise = p.finally(() => {
    done = true;
  });
  return { promise, settled: () => done };
}

describe('embedded PostgreSQL over pglite-socket', () => {
  let server: EmbeddedPostgres;
  let pool: pg.Pool;

  beforeAll(async () => {
    server = await startEmbeddedPostgres({ dataDir: tempDataDir(), port: 0 });
    pool = new pg.Pool({ connectionString: server.url, max: 10 });
    await pool.query('CREATE TABLE account (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL)');
  });

  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  });

  afterEach(async () => {
    await pool.query('TRUNCATE account');
  });

  it('listens on the port it reports, with a URL the pg driver accepts', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`);
  });

  it('serves a pool of 10 clients running concurrent parameterized queries', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        i % 2 === 0
          ? pool.query<{ n: number; label: string }>('SELECT $1::int AS n, $2::text AS label', [i, `q${i}`])
          : pool.query<{ n: number; label: string }>('SELECT $1::int * 10 AS n, upper($2::text) AS label', [i, `q${i}`]),
      ),
    );

    results.forEach((r, i) => {
      expect(r.rows[0]).toEqual(i % 2 === 0 ? { n: i, label: `q${i}` } : { n: i * 10, label: `Q${i}` });
    });
    expect(pool.totalCount).toBe(10);
  });

  it('completes transactions run in parallel on two clients, each seeing its own writes', async () => {
    const [a, b] = await Promise.all([pool.connect(), pool.connect()]);
    try {
      const transfer = async (client: pg.PoolClient, id: number, owner: string, outcome: 'COMMIT' | 'ROLLBACK') => {
        await client.query('BEGIN');
        await client.query('INSERT INTO account (id, owner, balance) VALUES ($1, $2, 100)', [id, owner]);
        await client.query('UPDATE account SET balance = balance - 30 WHERE id = $1', [id]);
        const { rows } = await client.query<{ balance: number }>('SELECT balance FROM account WHERE id = $1', [id]);
        await client.query(outcome);
        return rows[0]?.balance;
      };

      const seen = [
        ...(await Promise.all([transfer(a, 1, 'alice', 'COMMIT'), transfer(b, 2, 'bob', 'COMMIT')])),
        ...(await Promise.all([transfer(a, 3, 'carol', 'ROLLBACK'), transfer(b, 4, 'dave', 'COMMIT')])),
      ];

      expect(seen).toEqual([70, 70, 70, 70]);
      const { rows } = await pool.query('SELECT id, owner, balance FROM account ORDER BY id');
      expect(rows).toEqual([
        { id: 1, owner: 'alice', balance: 70 },
        { id: 2, owner: 'bob', balance: 70 },
        { id: 4, owner: 'dave', balance: 70 },
      ]);
    } finally {
      a.release();
      b.release();
    }
  });

  // The behaviour the rest of Spinel relies on: one shared session, so an open transaction on one
  // connection makes statements from other connections WAIT (not fail, not interleave) until it
  // ends. Consequence: never await another connection's query inside a transaction.
  it('queues other connections behind an open transaction until it commits', async () => {
    const [a, b] = await Promise.all([pool.connect(), pool.connect()]);
    try {
      await a.query('BEGIN');
      await a.query("INSERT INTO account (id, owner, balance) VALUES (1, 'alice', 100)");

      const fromB = track(pool.query<{ n: number }>('SELECT count(*)::int AS n FROM account'));
      const fromBClient = track(b.query<{ n: number }>('SELECT count(*)::int AS n FROM account'));
      // a keeps working inside its transaction while the others wait…
      for (let i = 0; i < 5; i++) await a.query('UPDATE account SET balance = balance + 1 WHERE id = 1');
      expect(fromB.settled()).toBe(false);
      expect(fromBClient.settled()).toBe(false);

      await a.query('COMMIT');
      // …and they run after the commit, seeing committed data only.
      expect((await fromB.promise).rows[0]?.n).toBe(1);
      expect((await fromBClient.promise).rows[0]?.n).toBe(1);
    } finally {
      a.release();
      b.release();
    }
  });

  it('rolls back the transaction of a connection that disconnects, releasing the others', async () => {
    const a = await pool.connect();
    await a.query('BEGIN');
    await a.query("INSERT INTO account (id, owner, balance) VALUES (9, 'mallory', 1)");
    const waiting = track(pool.query<{ n: number }>('SELECT count(*)::int AS n FROM account'));

    a.release(true); // destroy the connection mid-transaction

    expect((await waiting.promise).rows[0]?.n).toBe(0);
    expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  // pglite-socket's own queue lets another connection's Parse/Bind slip between the messages of a
  // query whose parameters span several TCP reads: the query then fails, or silently runs the other
  // connection's statement with its own parameters. The embedded server's scheduler prevents it.
  it('keeps large extended-protocol queries whole while other connections query', async () => {
    const big = 'x'.repeat(1_500_000);
    for (let round = 0; round < 3; round++) {
      const large = Array.from({ length: 4 }, (_, i) =>
        pool.query('SELECT length($1::text) AS len, $2::int AS i', [big, i]).then((r) => r.rows[0]),
      );
      const upper = Array.from({ length: 100 }, (_, i) =>
        pool.query('SELECT upper($1::text) AS v', [`s${i}`]).then((r) => r.rows[0]),
      );
      const concat = Array.from({ length: 50 }, (_, i) =>
        pool.query('SELECT $1::text || $2::text AS v', ['p', String(i)]).then((r) => r.rows[0]),
      );

      const [larges, uppers, concats] = await Promise.all([Promise.all(large), Promise.all(upper), Promise.all(concat)]);

      expect(larges).toEqual(Array.from({ length: 4 }, (_, i) => ({ len: big.length, i })));
      expect(uppers).toEqual(Array.from({ length: 100 }, (_, i) => ({ v: `S${i}` })));
      expect(concats).toEqual(Array.from({ length: 50 }, (_, i) => ({ v: `p${i}` })));
    }
  });

  it('generates UUIDs and loads pgcrypto', async () => {
    await pool.query('CREATE EXTENSION IF NOT EXISTS pgcrypto');
    const { rows } = await pool.query<{ id: string; digest: string }>(
      "SELECT gen_random_uuid()::text AS id, encode(digest('spinel', 'sha256'), 'hex') AS digest",
    );
    expect(rows[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rows[0]?.digest).toHaveLength(64);
  });
});

describe('embedded PostgreSQL data directory', () => {
  const running: EmbeddedPostgres[] = [];
  const start = async (dataDir: string) => {
    const s = await startEmbeddedPostgres({ dataDir, port: 0 });
    running.push(s);
    return s;
  };
  const query = async (url: string, sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  it('keeps committed rows across a stop and a restart, and releases its lock on stop', async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    await query(first.url, 'CREATE EXTENSION IF NOT EXISTS pgcrypto');
    await query(first.url, "CREATE TABLE fabric (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL)");
    await query(first.url, "INSERT INTO fabric (name) VALUES ('dc1')");
    await first.stop();
    await first.stop(); // idempotent
    expect(fs.readdirSync(dataDir)).not.toContain('embedded-postgres.lock');

    const second = await start(dataDir);
    expect(await query(second.url, 'SELECT name FROM fabric')).toEqual([{ name: 'dc1' }]);
    expect(await query(second.url, "SELECT length(encode(digest('x', 'sha1'), 'hex')) AS n")).toEqual([{ n: 40 }]);
  });

  it('stops while a client is connected mid-transaction, keeping only committed data', async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    await query(first.url, 'CREATE TABLE device (name text PRIMARY KEY)');
    await query(first.url, "INSERT INTO device VALUES ('leaf1')");
    const client = new pg.Client({ connectionString: first.url });
    const clientErrors: unknown[] = [];
    client.on('error', (err) => clientErrors.push(err));
    await client.connect();
    await client.query('BEGIN');
    await client.query("INSERT INTO device VALUES ('leaf2')");

    await first.stop();
    await expect(client.query('SELECT 1')).rejects.toThrow();

    const second = await start(dataDir);
    expect(await query(second.url, 'SELECT name FROM device ORDER BY name')).toEqual([{ name: 'leaf1' }]);
  });

  it('refuses a second server on a data directory in use, naming the directory and the PID', async () => {
    const dataDir = tempDataDir();
    await start(dataDir);

    const realDir = fs.realpathSync(dataDir);
    await expect(startEmbeddedPostgres({ dataDir, port: 0 })).rejects.toThrow(
      `Embedded PostgreSQL data directory ${realDir} is already in use by process ${process.pid}`,
    );
  });

  it('fails on a port already in use and leaves no lock behind', async () => {
    const taken = await start(tempDataDir());
    const dataDir = tempDataDir();

    await expect(startEmbeddedPostgres({ dataDir, port: taken.port })).rejects.toThrow(/EADDRINUSE/);
    expect(fs.readdirSync(dataDir)).not.toContain('embedded-postgres.lock');
  });

  it('takes over a lock left by a process that died', async () => {
    const dataDir = tempDataDir();
    fs.mkdirSync(dataDir, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '']).pid; // has exited by the time spawnSync returns
    fs.writeFileSync(path.join(dataDir, 'embedded-postgres.lock'), JSON.stringify({ pid: dead }));

    const s = await start(dataDir);

    expect(await query(s.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    const lock = JSON.parse(fs.readFileSync(path.join(dataDir, 'embedded-postgres.lock'), 'utf8'));
    expect(lock.pid).toBe(process.pid);
  });
});
