import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobRegistry, RECONCILE_QUEUE } from './job-registry.js';

/**
 * The worker of the reconcile queue: hands each job to its registered handler. One job at a time
 * per process; `drainDelay` bounds how long an idle worker waits before looking again, which
 * matters on the embedded PGlite, where PostgreSQL notifications do not reach the waiting worker.
 */
@Processor(RECONCILE_QUEUE, { concurrency: 1, drainDelay: 1 })
export class ReconcileProcessor extends WorkerHost {
  constructor(private readonly registry: JobRegistry) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.registry.run(RECONCILE_QUEUE, job);
  }
}
