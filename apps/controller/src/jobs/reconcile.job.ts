import { Injectable, Logger } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { SYSTEM_PRINCIPAL } from '../auth/principal.js';
import { CompilerService } from '../compiler/compiler.service.js';
import { OperationStore, type StepRecord } from '../operations/operation.store.js';
import { PushError, PushService, jobError } from '../provisioning/push.service.js';
import { type JobHandler, RECONCILE_JOB } from './job-registry.js';

export interface ReconcileData {
  fabricId: string;
  /** The revision whose outbox row enqueued this job; the reconcile itself runs at the head. */
  revision: number;
}

export interface ReconcileResult {
  fabricId: string;
  /** Operations this run carried (0: an earlier run already carried this job's revision). */
  operations: number;
  revision?: number;
  devices?: number;
}

/**
 * Reconcile one fabric, level-triggered: take every queued operation of the fabric, compile the
 * fabric at the current head, and push every device whose configuration differs from the one last
 * known to run there, in one all-or-nothing transaction (PushService, docs/provisioning.md).
 * Several revisions waiting for one fabric become one reconcile. With SPINEL_PUSH=off the devices
 * are not pushed to: each step is `planned`, with its diff.
 */
@Injectable()
export class ReconcileJob implements JobHandler<ReconcileData, ReconcileResult> {
  readonly queue = RECONCILE_JOB.queue;
  readonly name = RECONCILE_JOB.name;
  private readonly log = new Logger('Reconcile');

  constructor(
    private readonly compiler: CompilerService,
    private readonly operations: OperationStore,
    private readonly pusher: PushService,
  ) {}

  async handle(job: Job<ReconcileData, ReconcileResult>): Promise<ReconcileResult> {
    const { fabricId } = job.data;
    if (typeof fabricId !== 'string') throw new UnrecoverableError(`reconcile job ${job.id} names no fabric`);
    const claimed = await this.operations.claim(fabricId);
    if (claimed.length === 0) return { fabricId, operations: 0 };
    if (this.pusher.enabled) return this.push(job, fabricId, claimed);
    try {
      const plan = await this.compiler.plan(SYSTEM_PRINCIPAL, fabricId).catch((e: unknown) => {
        // The fabric was deleted after the change was queued: there is nothing left to configure.
        if ((e as { code?: string }).code === 'NOT_FOUND') return { revision: Math.max(...claimed.map((c) => c.revision)), devices: [] };
        throw e;
      });
      const steps: StepRecord[] = plan.devices
        .filter((d) => d.status !== 'in-sync')
        .map((d) => ({
          deviceId: d.deviceId,
          device: d.device,
          state: d.status === 'unrenderable' ? 'failed' : 'planned',
          diff: d.changes,
          ...('error' in d && d.error ? { error: String(d.error) } : {}),
        }));
      await this.operations.complete(claimed, { fabricId, revision: plan.revision, steps });
      return { fabricId, operations: claimed.length, revision: plan.revision, devices: steps.length };
    } catch (e) {
      const lastAttempt = e instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.log.warn(`reconcile of fabric ${fabricId} failed (attempt ${job.attemptsMade + 1}${lastAttempt ? ', giving up' : ''}): ${(e as Error).message}`);
      if (lastAttempt) await this.operations.fail(claimed, fabricId, (e as Error).message);
      else await this.operations.requeue(claimed, fabricId);
      throw e;
    }
  }

  private async push(job: Job<ReconcileData, ReconcileResult>, fabricId: string, claimed: Awaited<ReturnType<OperationStore['claim']>>): Promise<ReconcileResult> {
    try {
      const r = await this.pusher.reconcile(fabricId, claimed);
      return { fabricId, operations: claimed.length, revision: r.revision, devices: r.devices };
    } catch (e) {
      const permanent = e instanceof PushError ? !e.retryable : e instanceof UnrecoverableError;
      const lastAttempt = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.log.warn(`push to fabric ${fabricId} failed (attempt ${job.attemptsMade + 1}${lastAttempt ? ', giving up' : ''}): ${(e as Error).message}`);
      if (lastAttempt) {
        await this.operations.fail(claimed, fabricId, (e as Error).message);
        await this.pusher.gaveUp(fabricId, (e as Error).message);
      } else await this.operations.requeue(claimed, fabricId);
      throw jobError(e);
    }
  }
}
