import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { SPINEL_CONFIG, type SpinelConfig } from '../config.js';
import { DRIFT_CHECK_JOB, type JobDeclaration, PERIODIC_QUEUE, SNMP_POLL_JOB } from '../jobs/job-registry.js';
import { LeaderElection } from './leader-election.service.js';

/** What a periodic job carries: who enqueued it, for which slot. */
export interface PeriodicJobData {
  enqueuedBy: string;
  slot: number;
}

export interface ScheduleView {
  job: string;
  everySeconds: number;
  /** How many rounds this process enqueued (only ever while it led). */
  enqueued: number;
  /** Rounds that came due here while another process led (so this one enqueued nothing). */
  skippedNotLeader: number;
  lastEnqueuedAt: string | null;
}

interface Schedule {
  job: JobDeclaration;
  seconds: number;
  timer?: NodeJS.Timeout;
  enqueued: number;
  skippedNotLeader: number;
  lastEnqueuedAt: Date | null;
}

/**
 * The leader's schedule: every process runs the timers, but only the elected leader enqueues. The
 * job id names the time slot (`drift-check-<n>`), so even two processes that both believe they lead
 * for a moment (a lease that changed hands between two ticks) enqueue one job per slot.
 */
@Injectable()
export class PeriodicScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('PeriodicScheduler');
  private readonly schedules: Schedule[];

  constructor(
    @Inject(SPINEL_CONFIG) config: SpinelConfig,
    private readonly election: LeaderElection,
    @InjectQueue(PERIODIC_QUEUE) private readonly queue: Queue<PeriodicJobData>,
  ) {
    this.schedules = [
      { job: DRIFT_CHECK_JOB, seconds: config.cluster.driftCheckSeconds, enqueued: 0, skippedNotLeader: 0, lastEnqueuedAt: null },
      { job: SNMP_POLL_JOB, seconds: config.snmp.pollSeconds, enqueued: 0, skippedNotLeader: 0, lastEnqueuedAt: null },
    ].filter((s) => s.seconds > 0);
  }

  onApplicationBootstrap(): void {
    for (const s of this.schedules) {
      s.timer = setInterval(() => void this.tick(s), s.seconds * 1000);
      s.timer.unref();
    }
  }

  onModuleDestroy(): void {
    for (const s of this.schedules) clearInterval(s.timer);
  }

  view(): ScheduleView[] {
    return this.schedules.map((s) => ({ job: s.job.name, everySeconds: s.seconds, enqueued: s.enqueued, skippedNotLeader: s.skippedNotLeader, lastEnqueuedAt: s.lastEnqueuedAt?.toISOString() ?? null }));
  }

  private async tick(s: Schedule): Promise<void> {
    if (!this.election.isLeader()) {
      s.skippedNotLeader++;
      return;
    }
    const slot = Math.floor(Date.now() / (s.seconds * 1000));
    try {
      await this.queue.add(s.job.name, { enqueuedBy: this.election.nodeId, slot }, { jobId: `${s.job.name}-${slot}`, attempts: 1 });
      s.enqueued++;
      s.lastEnqueuedAt = new Date();
    } catch (e) {
      this.log.warn(`could not enqueue ${s.job.queue}/${s.job.name}: ${(e as Error).message}`);
    }
  }
}
