import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';

/** A job Spinel enqueues: the queue it goes to and its name there. */
export interface JobDeclaration {
  queue: string;
  name: string;
}

/** The code that runs one declared job. Handlers are thin: they translate the job into a service call. */
export interface JobHandler<D = unknown, R = unknown> extends JobDeclaration {
  handle(job: Job<D, R>): Promise<R>;
}

export const RECONCILE_QUEUE = 'reconcile';
export const RECONCILE_JOB: JobDeclaration = { queue: RECONCILE_QUEUE, name: 'reconcile' };

/** Periodic work, enqueued only by the elected leader (cluster/periodic.scheduler.ts). */
export const PERIODIC_QUEUE = 'periodic';
export const DRIFT_CHECK_JOB: JobDeclaration = { queue: PERIODIC_QUEUE, name: 'drift-check' };
export const SNMP_POLL_JOB: JobDeclaration = { queue: PERIODIC_QUEUE, name: 'snmp-poll' };

/** Every job Spinel enqueues. A declared job without a handler stops the controller at start-up. */
export const DECLARED_JOBS: JobDeclaration[] = [RECONCILE_JOB, DRIFT_CHECK_JOB, SNMP_POLL_JOB];
export const QUEUES = [...new Set(DECLARED_JOBS.map((j) => j.queue))];

export const JOB_DECLARATIONS = Symbol('JOB_DECLARATIONS');
export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

const key = (j: JobDeclaration) => `${j.queue}/${j.name}`;

/** Queue → job name → handler, checked when the application initializes (before any worker takes a job). */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly handlers = new Map<string, JobHandler>();

  constructor(
    @Inject(JOB_DECLARATIONS) private readonly declared: JobDeclaration[],
    @Inject(JOB_HANDLERS) handlers: JobHandler[],
  ) {
    for (const h of handlers) {
      if (this.handlers.has(key(h))) throw new Error(`two handlers for job ${key(h)}`);
      this.handlers.set(key(h), h);
    }
  }

  onModuleInit(): void {
    const missing = this.declared.filter((d) => !this.handlers.has(key(d))).map(key);
    if (missing.length) {
      const known = [...this.handlers.keys()].join(', ') || 'none';
      throw new Error(`jobs without a handler: ${missing.join(', ')} (handlers registered: ${known})`);
    }
  }

  /** Run a job taken from `queue`. A job nobody handles fails at once: retrying it cannot help. */
  async run(queue: string, job: Job): Promise<unknown> {
    const handler = this.handlers.get(`${queue}/${job.name}`);
    if (!handler) throw new UnrecoverableError(`no handler for job ${queue}/${job.name}`);
    return handler.handle(job);
  }
}
