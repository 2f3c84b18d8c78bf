import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * Embedded PostgreSQL: PGlite (PostgreSQL 18 compiled to WASM) with its data in a directory on
 * disk, served on a TCP port by pglite-socket so that the stock `pg` driver, TypeORM and BullMQ's
 * PostgreSQL backend connect to it exactly as to a real server.
 *
 * What a caller must know (all connections share ONE database session):
 * - A transaction opened on one connection holds the session until it commits or rolls back;
 *   statements from every other connection wait (they are queued, not failed). Code that, inside
 *   a transaction, awaits a query on a *different* connection (e.g. a repository call outside the
 *   transaction's EntityManager) therefore waits forever. Real PostgreSQL would run it.
 * - Session settings (`SET search_path`, `SET application_name`, …) are global to all connections.
 * - Cancel requests are ignored, and NOTIFY is delivered to whichever connection runs the next
 *   statement, not to the connection that ran LISTEN.
 */
export interface EmbeddedPostgresOptions {
  /** PGlite data directory; created if missing, so the database survives restarts. */
  dataDir: string;
  /** Address to listen on. Default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 picks a free port (read it back from `port`/`url`). Default 0. */
  port?: number;
  /** Connections accepted at once. pglite-socket's own default of 1 breaks any pool. Default 64. */
  maxConnections?: number;
}

export interface EmbeddedPostgres {
  /** e.g. postgres://postgres@127.0.0.1:54321/postgres */
  readonly url: string;
  readonly port: number;
  /** Closes client connections, the listener and PGlite (flushing the data directory), then releases the lock. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_MAX_CONNECTIONS = 64;
const LOCK_FILE = 'embedded-postgres.lock';

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = opts.host ?? DEFAULT_HOST;
  const maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  if (!Number.isInteger(maxConnections) || maxConnections < 1) {
    throw new Error(`Embedded PostgreSQL: maxConnections must be a positive integer, got ${opts.maxConnections}`);
  }

  fs.mkdirSync(opts.dataDir, { recursive: true });
  const dataDir = fs.realpathSync(opts.dataDir);
  const lock = acquireDataDirLock(dataDir);

  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  let scheduler: SessionScheduler | undefined;
  try {
    // pgcrypto must be loaded on every start: a database that once ran CREATE EXTENSION pgcrypto
    // fails on its functions ("could not access file pgcrypto") if reopened without it.
    db = await PGlite.create(dataDir, { extensions: { pgcrypto } });
    server = new PGLiteSocketServer({ db, host, port: opts.port ?? 0, maxConnections });
    scheduler = new SessionScheduler(db);
    installScheduler(server, scheduler);
    await server.start();
  } catch (err) {
    await server?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    lock.release();
    throw err;
  }

  const conn = server.getServerConn(); // "host:port", with the port the OS picked when 0 was asked
  const port = Number(conn.slice(conn.lastIndexOf(':') + 1));
  const url = `postgres://postgres@${urlHost(host)}:${port}/postgres`;

  const [openDb, openServer, openScheduler] = [db, server, scheduler];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      try {
        await openServer.stop();
        await openScheduler.settle();
      } finally {
        try {
          await openDb.close();
        } finally {
          lock.release();
        }
      }
    })());

  return { url, port, stop };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '' || host === '::') return DEFAULT_HOST;
  return host.includes(':') ? `[${host}]` : host;
}

// ---------------------------------------------------------------------------------------------
// Session scheduling
//
// pglite-socket 0.2.17 feeds every protocol message of every connection into one FIFO and only
// keeps a connection's messages together while PostgreSQL reports an explicit transaction block.
// An extended-protocol query (Parse/Bind/Describe/Execute/Sync) is several messages; when one of
// them is larger than a TCP read (a parameter over ~64 KB) another connection's Parse/Bind slips
// in between and replaces the shared unnamed statement/portal: the first connection then gets
// "bind message supplies 2 parameters, but prepared statement "" requires 1", or silently runs
// the other connection's statement with its own parameters (measured: 22 of 1,025 concurrent
// queries failed; in another run 13 of 832 returned another statement's result, with no error).
// This scheduler gives the session to one connection from its first
// message until PostgreSQL answers ReadyForQuery with status 'I' (idle): a whole
// Parse…Sync cycle, or a whole transaction, runs without interleaving.

/** What PGLiteSocketHandler calls on its server's queue (see pglite-socket's index.d.ts). */
interface SocketQueryQueue {
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number>;
  getQueueLength(): number;
  clearQueueForHandler(handlerId: number): void;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytesSent: number) => void;
  reject: (err: unknown) => void;
}

const READY_FOR_QUERY = 0x5a; // 'Z'
const STATUS_IDLE = 0x49; // 'I'
const TERMINATE = 0x58; // 'X'
const SYNC_MESSAGE = new Uint8Array([0x53, 0, 0, 0, 4]); // 'S', length 4

class SessionScheduler implements SocketQueryQueue {
  private queue: QueuedMessage[] = [];
  /** Connection that holds the session, or null when PostgreSQL is idle between cycles. */
  private owner: number | null = null;
  /** True while the drain loop runs; a plain flag, set and cleared synchronously around the loop. */
  private draining = false;
  private drained: Promise<void> = Promise.resolve();
  private readonly cleanups = new Set<Promise<void>>();

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      this.drain();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    const gone = this.queue.filter((m) => m.handlerId === handlerId);
    this.queue = this.queue.filter((m) => m.handlerId !== handlerId);
    for (const m of gone) m.reject(new Error('Handler disconnected'));
  }

  /** A connection went away. If it held the session (mid-cycle or mid-transaction), end its cycle and roll back. */
  clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return Promise.resolve();
    const cleanup = (async () => {
      try {
        // Let the message it may still be running finish; once the loop stops, it is ours.
        await this.whenNotDraining();
        if (this.owner !== handlerId || this.db.closed) return;
        await this.db.runExclusive(() => this.db.execProtocolRawStream(SYNC_MESSAGE, { onRawData: () => undefined }));
        if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
      } catch {
        // The session is being torn down (PGlite closed under us); nothing left to clean.
      } finally {
        if (this.owner === handlerId) this.owner = null;
        this.drain();
      }
    })();
    this.cleanups.add(cleanup);
    void cleanup.finally(() => this.cleanups.delete(cleanup));
    return cleanup;
  }

  /** Resolves once no message is executing and no disconnect clean-up is pending. */
  async settle(): Promise<void> {
    while (this.draining || this.cleanups.size > 0) {
      await Promise.allSettled([this.drained, ...this.cleanups]);
    }
  }

  private async whenNotDraining(): Promise<void> {
    while (this.draining) await this.drained;
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    // When nothing is runnable the loop ends synchronously, clearing the flag before this returns.
    this.drained = (async () => {
      try {
        for (let next = this.takeNext(); next; next = this.takeNext()) await this.execute(next);
      } finally {
        this.draining = false;
      }
    })();
  }

  private takeNext(): QueuedMessage | undefined {
    if (this.owner === null) return this.queue.shift();
    // The owner is mid-cycle: only its messages may run; the others wait for it.
    const i = this.queue.findIndex((m) => m.handlerId === this.owner);
    return i === -1 ? undefined : this.queue.splice(i, 1)[0];
  }

  private async execute(item: QueuedMessage): Promise<void> {
    this.owner = item.handlerId;
    const tracker = new ReadyForQueryTracker();
    let sent = 0;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(item.message, {
          onRawData: (data) => {
            sent += data.length;
            tracker.push(data);
            item.onData(data);
          },
        }),
      );
    } catch (err) {
      // The handler drops the connection on this error; clearTransactionIfNeeded then frees the session.
      item.reject(err);
      return;
    }
    if (tracker.idle || (item.message[0] === TERMINATE && !this.db.isInTransaction())) this.owner = null;
    item.resolve(sent);
  }
}

/** Follows the backend's message stream and reports whether it ended with ReadyForQuery('I'). */
class ReadyForQueryTracker {
  idle = false;
  private readonly header = new Uint8Array(5);
  private headerFill = 0;
  private length = 0;
  private remaining = 0;
  private lastByte = 0;

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.headerFill < 5) {
        this.header[this.headerFill++] = chunk[i++]!;
        if (this.headerFill === 5) {
          this.length = new DataView(this.header.buffer).getInt32(1);
          this.remaining = this.length - 4;
          if (this.remaining <= 0) this.complete();
        }
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - i);
      this.lastByte = chunk[i + take - 1]!;
      i += take;
      this.remaining -= take;
      if (this.remaining === 0) this.complete();
    }
  }

  private complete(): void {
    // ReadyForQuery is 'Z', length 5, one status byte: 'I' idle, 'T' in a transaction, 'E' in a failed one.
    this.idle = this.header[0] === READY_FOR_QUERY && this.length === 5 && this.lastByte === STATUS_IDLE;
    this.headerFill = 0;
    this.lastByte = 0;
  }
}

function installScheduler(server: PGLiteSocketServer, scheduler: SocketQueryQueue): void {
  // pglite-socket exposes no option for its queue; it hands `this.queryQueue` to each new
  // connection's handler, so replacing the field before start() swaps the policy. Refuse to run
  // if that field moved: without the scheduler, concurrent large queries corrupt each other.
  const internals = server as unknown as { queryQueue?: Partial<SocketQueryQueue> };
  if (typeof internals.queryQueue?.enqueue !== 'function' || typeof internals.queryQueue.clearTransactionIfNeeded !== 'function') {
    throw new Error(
      'Embedded PostgreSQL: @electric-sql/pglite-socket no longer has PGLiteSocketServer.queryQueue; ' +
        'the session scheduler cannot be installed. Pin @electric-sql/pglite-socket to 0.2.17 or update embedded-postgres.ts.',
    );
  }
  internals.queryQueue = scheduler;
}

// ---------------------------------------------------------------------------------------------
// Data directory lock: PGlite has no postmaster.pid, and two processes writing one directory
// corrupt it.

/** Lock files held by this process, so a second start in the same process is refused too. */
const heldLocks = new Set<string>();

interface LockContent {
  pid: number;
  startedAt?: string;
}

function acquireDataDirLock(dataDir: string): { release(): void } {
  const lockPath = path.join(dataDir, LOCK_FILE);
  const content = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockContent);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(lockPath, content, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw err;
    }
    const holder = readLock(lockPath);
    if (holder !== null && isHeldBy(holder.pid, lockPath)) {
      throw new Error(
        `Embedded PostgreSQL data directory ${dataDir} is already in use by process ${holder.pid}` +
          (holder.pid === process.pid ? ' (this process)' : '') +
          ` (lock file ${lockPath}). Stop that process, or delete the lock file if it is not a Spinel process.`,
      );
    }
    // Stale: the holder died without stop(). Take over.
    fs.rmSync(lockPath, { force: true });
  }
  heldLocks.add(lockPath);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      heldLocks.delete(lockPath);
      if (readLock(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
    },
  };
}

function readLock(lockPath: string): LockContent | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
    const pid = (parsed as Partial<LockContent> | null)?.pid;
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? (parsed as LockContent) : null;
  } catch {
    return null; // missing, empty or garbled: treated as stale
  }
}

function isHeldBy(pid: number, lockPath: string): boolean {
  // Our own PID but not a lock we hold: left by an earlier run that had the same PID
  // (a container's entrypoint is PID 1 on every start).
  if (pid === process.pid) return heldLocks.has(lockPath);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}
