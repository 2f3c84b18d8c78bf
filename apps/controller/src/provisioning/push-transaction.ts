import { randomUUID } from 'node:crypto';
import { type DeviceDriver, DeviceError } from '#drivers';
import { type DeviceIntent, canonicalize } from '#intent';
import type { OperationStore, StepHandle } from '../operations/operation.store.js';
import type { TransactionStore } from './transaction.store.js';

/** A driver that can settle a confirmed commit by persist id (ce-netconf; see docs/provisioning.md). */
export interface PersistingDriver extends DeviceDriver {
  confirmPersisted?(persistId: string): Promise<void>;
  cancelPersisted?(persistId: string): Promise<void>;
}

export interface Participant {
  deviceId: string;
  device: string;
  desired: DeviceIntent;
  step: StepHandle;
  /** Opens the device's driver (the target is resolved lazily: a vault or pin failure is this device's failure). */
  driver: () => Promise<PersistingDriver>;
}

type Phase = 'idle' | 'loaded' | 'committing' | 'committed' | 'confirmed';

interface Live {
  p: Participant;
  drv?: PersistingDriver;
  phase: Phase;
  persistId: string;
}

/** Why a transaction failed: the device that failed first and its error (a DeviceError keeps its code). */
export class PushFailure extends Error {
  constructor(
    readonly device: string,
    readonly reason: unknown,
  ) {
    super(`${device}: ${reason instanceof Error ? reason.message : String(reason)}`);
  }

  /** TRANSIENT and TIMEOUT (and anything not a device's answer, like a database hiccup) are worth retrying. */
  get retryable(): boolean {
    return this.reason instanceof DeviceError ? this.reason.retryable : !(this.reason instanceof PermanentError);
  }
}

/** A failure retrying cannot fix that is not a device's answer (a missing credential, an unknown platform). */
export class PermanentError extends Error {}

/**
 * One multi-device transaction, all or nothing: load and validate the candidate on every device,
 * confirmed commit on every device, confirm all. Any failure discards the devices not yet
 * committed and rolls back (cancels, or restores) the committed ones. Every phase is written to
 * the transaction record before the devices enter it.
 */
export class PushTransaction {
  readonly id = randomUUID();
  private readonly live: Live[];

  constructor(
    participants: Participant[],
    private readonly opts: { fabricId: string; revision: number; operationIds: string[]; holder: string; confirmTimeoutSeconds: number },
    private readonly txs: TransactionStore,
    private readonly ops: OperationStore,
  ) {
    this.live = participants.map((p) => ({ p, phase: 'idle', persistId: randomUUID() }));
  }

  /** Runs the transaction; resolves with what each device runs now, or throws PushFailure after undoing everything. */
  async run(): Promise<Map<string, DeviceIntent>> {
    const { fabricId, revision, operationIds, holder, confirmTimeoutSeconds } = this.opts;
    await this.txs.begin(this.id, { fabricId, revision, operationIds, holder }, this.live.map((l) => l.p));
    try {
      await this.phase(async (l) => {
        await this.step(l, 'loading', 'loading');
        l.drv = await l.p.driver();
        await l.drv.open();
        await l.drv.loadCandidate(l.p.desired, 'replace');
        l.phase = 'loaded';
        const diff = await l.drv.compare();
        await this.step(l, 'loaded', 'loaded', { diff });
      });
      const deadline = new Date(Date.now() + confirmTimeoutSeconds * 1000);
      await this.txs.committing(this.id, deadline, new Map(this.live.map((l) => [l.p.deviceId, l.persistId])));
      await this.phase(async (l) => {
        l.phase = 'committing';
        await l.drv!.commit({ confirmTimeoutSeconds, persistId: l.persistId, label: `revision-${revision}` });
        l.phase = 'committed';
        await this.step(l, 'committed', 'committed');
      });
      await this.txs.setState(this.id, 'committed');
      await this.phase(async (l) => {
        await l.drv!.confirm();
        l.phase = 'confirmed';
        await this.txs.setDevice(this.id, l.p.deviceId, 'confirmed');
      });
      await this.txs.setState(this.id, 'confirmed');
      const running = new Map<string, DeviceIntent>();
      for (const l of this.live) running.set(l.p.deviceId, await readBack(l.drv!, l.p.desired));
      return running;
    } finally {
      await Promise.all(this.live.map((l) => l.drv?.close().catch(() => undefined)));
    }
  }

  /** Steps are marked confirmed only after the caller recorded the new running configurations. */
  async confirmed(): Promise<void> {
    for (const l of this.live) await this.ops.updateStep(l.p.step, 'confirmed');
  }

  /** Runs one phase on every device at once; the first failure undoes the whole transaction. */
  private async phase(work: (l: Live) => Promise<void>): Promise<void> {
    const results = await Promise.allSettled(this.live.map((l) => work(l)));
    const failedAt = results.findIndex((r) => r.status === 'rejected');
    if (failedAt < 0) return;
    const failed = new Set(results.map((r, i) => (r.status === 'rejected' ? i : -1)).filter((i) => i >= 0));
    const first = this.live[failedAt]!;
    const failure = new PushFailure(first.p.device, (results[failedAt] as PromiseRejectedResult).reason);
    const undone = await Promise.all(this.live.map((l) => this.undo(l)));
    const stuck = undone.filter((u): u is string => u !== undefined);
    for (const [i, l] of this.live.entries()) {
      const reason = (results[i] as PromiseRejectedResult).reason as Error | undefined;
      if (failed.has(i)) await this.step(l, 'failed', 'failed', { error: reason?.message ?? String(reason) });
      else await this.step(l, 'rolled-back', 'rolled-back', { error: `rolled back: ${failure.message}` });
    }
    await this.txs.setState(this.id, stuck.length ? 'failed' : 'rolled-back', stuck.length ? `${failure.message}; undo incomplete: ${stuck.join('; ')}` : failure.message);
    throw failure;
  }

  /** Back to the old configuration; a description of what could not be undone (the confirm timeout still will). */
  private async undo(l: Live): Promise<string | undefined> {
    const drv = l.drv;
    if (!drv) return undefined;
    try {
      if (l.phase === 'loaded') await drv.discard();
      else if (l.phase === 'committed' || l.phase === 'confirmed') await drv.rollback();
      else if (l.phase === 'committing') {
        // The commit's outcome is unknown (the session may have dropped after it applied): cancel by persist id.
        await drv.cancelPersisted?.(l.persistId).catch((e: unknown) => {
          if (!(e instanceof DeviceError && e.code === 'REJECTED')) throw e;
        });
        await drv.discard().catch(() => undefined);
      } else await drv.discard().catch(() => undefined);
      return undefined;
    } catch (e) {
      return `${l.p.device}: ${(e as Error).message}`;
    }
  }

  private async step(l: Live, state: 'loading' | 'loaded' | 'committed' | 'failed' | 'rolled-back', tx: 'loading' | 'loaded' | 'committed' | 'failed' | 'rolled-back', detail: { diff?: string; error?: string } = {}): Promise<void> {
    await this.txs.setDevice(this.id, l.p.deviceId, tx, detail.error);
    await this.ops.updateStep(l.p.step, state, detail);
  }
}

/** What the device runs after the push: its read-back, or the intent itself when they are the same (or the read fails). */
async function readBack(drv: DeviceDriver, desired: DeviceIntent): Promise<DeviceIntent> {
  try {
    const running = await drv.getRunningConfig();
    return JSON.stringify(canonicalize(running)) === JSON.stringify(canonicalize(desired)) ? desired : running;
  } catch {
    return desired;
  }
}
