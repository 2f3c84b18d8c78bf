import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobRegistry, PERIODIC_QUEUE } from '../jobs/job-registry.js';

/**
 * The worker of the periodic queue (drift checks, SNMP polls). Any process may run a job; only the
 * leader enqueues them, so one round runs once however many controllers there are.
 */
@Processor(PERIODIC_QUEUE, { concurrency: 1, drainDelay: 1 })
export class PeriodicProcessor extends WorkerHost {
  constructor(private readonly registry: JobRegistry) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.registry.run(PERIODIC_QUEUE, job);
  }
}
