import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { OperationStore } from '../operations/operation.store.js';
import { OUTBOX_CHANNEL, type OutboxPayload } from '../operations/outbox.js';
import { RECONCILE_JOB, RECONCILE_QUEUE } from './job-registry.js';
import type { ReconcileData } from './reconcile.job.js';

const POLL_MS = 200;
const BATCH = 100;

/**
 * Moves committed outbox rows into reconcile jobs, one per fabric a row names, then marks the row
 * dispatched. Runs in every controller process. The job id is derived from the outbox row, so a row
 * enqueued twice (two dispatchers, or a crash between the enqueue and the mark) is one job; a row
 * committed while no dispatcher ran is picked up by the next one that starts.
 *
 * It polls every 200 ms, and on PostgreSQL also LISTENs for the writers' commit-time NOTIFY, so
 * a change is usually enqueued at once (on the embedded PGlite, whose connections share one session,
 * notifications are not reliably delivered to the listener, and the poll does the work).
 *
 * No transaction spans the enqueue: on the embedded PGlite every connection shares one session, and
 * BullMQ's own connection would wait forever behind a transaction held here.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('OutboxDispatcher');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private again = false;
  private listener: pg.Client | undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly operations: OperationStore,
    @InjectQueue(RECONCILE_QUEUE) private readonly queue: Queue<ReconcileData>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.start();
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Run a pass now (or right after the one in progress), instead of at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stop polling and wait for a pass in progress to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over the undispatched rows, oldest first. Returns how many rows it dispatched. */
  async dispatchPending(): Promise<number> {
    const rows: { id: string; revision: string; payload: OutboxPayload }[] = await this.ds.query(
      'SELECT id, revision, payload FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT $1',
      [BATCH],
    );
    for (const row of rows) {
      const { operationId, fabrics } = row.payload;
      if (fabrics.length === 0) await this.operations.finishEmpty(operationId);
      for (const fabricId of fabrics) {
        await this.queue.add(RECONCILE_JOB.name, { fabricId, revision: Number(row.revision) }, { jobId: `outbox-${row.id}-${fabricId}` });
      }
      await this.ds.query('UPDATE outbox SET dispatched_at = now() WHERE id = $1 AND dispatched_at IS NULL', [row.id]);
    }
    return rows.length;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.again = false;
      this.running = this.dispatchPending()
        .then((n) => this.schedule(n === BATCH || this.again ? 0 : POLL_MS))
        .catch((e: unknown) => {
          this.log.warn(`outbox dispatch failed, retrying: ${(e as Error).message}`);
          this.schedule(POLL_MS * 10);
        })
        .finally(() => {
          this.running = undefined;
        });
    }, delay);
  }

  /** A dedicated connection LISTENing for new outbox rows; without it (it failed, or dropped) the poll still runs. */
  private async listen(): Promise<void> {
    const url = (this.ds.options as { url?: string }).url;
    if (!url) return;
    const client = new pg.Client({ connectionString: url });
    client.on('error', (e) => {
      this.log.warn(`outbox listener lost (${e.message}); polling only`);
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
    });
    client.on('notification', (n) => {
      if (n.channel === OUTBOX_CHANNEL) this.wake();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
    } catch (e) {
      this.log.warn(`cannot LISTEN for outbox rows (${(e as Error).message}); polling only`);
      await client.end().catch(() => undefined);
    }
  }
}
