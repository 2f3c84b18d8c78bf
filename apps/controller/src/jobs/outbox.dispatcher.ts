import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { OperationStore } from '../operations/operation.store.js';
import type { OutboxPayload } from '../operations/outbox.js';
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
 * No transaction spans the enqueue: on the embedded PGlite every connection shares one session, and
 * BullMQ's own connection would wait forever behind a transaction held here.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('OutboxDispatcher');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly ds: DataSource,
    private readonly operations: OperationStore,
    @InjectQueue(RECONCILE_QUEUE) private readonly queue: Queue<ReconcileData>,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
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
      this.running = this.dispatchPending()
        .then((n) => this.schedule(n === BATCH ? 0 : POLL_MS))
        .catch((e: unknown) => {
          this.log.warn(`outbox dispatch failed, retrying: ${(e as Error).message}`);
          this.schedule(POLL_MS * 10);
        })
        .finally(() => {
          this.running = undefined;
        });
    }, delay);
  }
}
