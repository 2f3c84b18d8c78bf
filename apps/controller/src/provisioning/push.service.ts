import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { createDefaultRegistry, type PlatformRegistry } from '#drivers';
import { SPINEL_CONFIG, type SpinelConfig } from '../config.js';
import { DeviceTargets } from '../host-keys/device-targets.js';
import { type Claimed, OperationStore, type StepRecord } from '../operations/operation.store.js';
import { DesiredState, type DeviceDelta } from './desired-state.js';
import { DeviceLeases } from './device-leases.js';
import { PermanentError, type PersistingDriver, PushFailure, PushTransaction } from './push-transaction.js';
import { TransactionStore } from './transaction.store.js';

const LEASE_TTL_MS = 30_000;
const LEASE_WAIT_MS = 10_000;
export const PUSHED_NOTE = 'pushed: every device that differed runs the revision';
export const IN_SYNC_NOTE = 'no device differed from its running configuration';

export interface PushResult {
  revision: number;
  /** Devices pushed to (0: all were in sync). */
  devices: number;
}

/** A push that failed: `retryable` decides between the queue's backoff and giving up (UnrecoverableError). */
export class PushError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * Reconcile → push: compile a fabric at the head, and push every device whose desired config
 * differs from its last known running one in ONE transaction, holding every device's lease.
 */
@Injectable()
export class PushService {
  private readonly log = new Logger('Push');
  readonly registry: PlatformRegistry = createDefaultRegistry();

  constructor(
    @Inject(SPINEL_CONFIG) private readonly config: SpinelConfig,
    private readonly desired: DesiredState,
    private readonly leases: DeviceLeases,
    private readonly txs: TransactionStore,
    private readonly operations: OperationStore,
    private readonly targets: DeviceTargets,
  ) {}

  get enabled(): boolean {
    return this.config.push;
  }

  /** Push the fabric for the claimed operations and end them; throws PushError when they must not end yet (retry) or failed. */
  async reconcile(fabricId: string, claimed: Claimed[]): Promise<PushResult> {
    const state = await this.desired.fabric(fabricId);
    if (!state) {
      // The fabric was deleted after the change was queued: there is nothing left to configure.
      const revision = Math.max(...claimed.map((c) => c.revision));
      await this.operations.finishFabric(claimed, fabricId, revision, { note: IN_SYNC_NOTE });
      return { revision, devices: 0 };
    }
    const { revision, devices } = state;
    const unrenderable = devices.filter((d) => d.unrenderable);
    const toPush = devices.filter((d) => !d.inSync && !d.unrenderable);
    await this.txs.setSync(devices.filter((d) => d.inSync).map((d) => d.deviceId), 'in-sync', revision);
    for (const d of unrenderable) await this.txs.setSync([d.deviceId], 'failed', revision, d.unrenderable!);
    if (unrenderable.length) await this.recordUnrenderable(claimed, fabricId, revision, unrenderable);
    const unrenderableError = unrenderable.length ? unrenderable.map((d) => d.unrenderable).join('; ') : undefined;
    if (!toPush.length) {
      await this.operations.finishFabric(claimed, fabricId, revision, { note: IN_SYNC_NOTE, ...(unrenderableError ? { error: unrenderableError } : {}) });
      return { revision, devices: 0 };
    }
    const ids = toPush.map((d) => d.deviceId);
    await this.txs.setSync(ids, 'pending', revision);
    if (!(await this.leases.acquireAllWithin(ids, LEASE_TTL_MS, LEASE_WAIT_MS))) {
      throw new PushError(`another transaction is writing to some of ${toPush.map((d) => d.device).join(', ')}; retrying`, true);
    }
    const renewal = setInterval(() => void this.leases.renew(ids, LEASE_TTL_MS).catch(() => undefined), LEASE_TTL_MS / 3);
    let pushed: PushResult;
    try {
      // A controller died mid-transaction on these devices: its recovery (which needs these leases) settles it first.
      const dead = await this.txs.unfinishedTouching(ids, this.leases.holder);
      if (dead) throw new PushError(`transaction ${dead} of a stopped controller is not settled yet on these devices; retrying after its recovery`, true);
      // Compile again under the leases: another writer may have pushed (and recorded) a newer
      // revision while this one waited, and an older desired state must never overwrite it.
      const fresh = (await this.desired.fabric(fabricId)) ?? { revision, devices: [] };
      const freshPush = fresh.devices.filter((d) => !d.inSync && !d.unrenderable);
      if (freshPush.some((d) => !ids.includes(d.deviceId))) throw new PushError(`the devices to push on fabric ${fabricId} changed while waiting for their leases; retrying`, true);
      await this.txs.setSync(fresh.devices.filter((d) => d.inSync).map((d) => d.deviceId), 'in-sync', fresh.revision);
      if (freshPush.length) await this.push(fabricId, claimed, fresh.revision, freshPush);
      pushed = { revision: fresh.revision, devices: freshPush.length };
    } finally {
      clearInterval(renewal);
      await this.leases.release(ids).catch(() => undefined);
    }
    await this.operations.finishFabric(claimed, fabricId, pushed.revision, { note: pushed.devices ? PUSHED_NOTE : IN_SYNC_NOTE, ...(unrenderableError ? { error: unrenderableError } : {}) });
    return pushed;
  }

  private async push(fabricId: string, claimed: Claimed[], revision: number, toPush: DeviceDelta[]): Promise<void> {
    const steps = await this.operations.openSteps(claimed, fabricId, revision, toPush);
    const tx = new PushTransaction(
      toPush.map((d) => ({ deviceId: d.deviceId, device: d.device, desired: d.desired, step: steps.get(d.deviceId)!, driver: () => this.driverFor(d.deviceId) })),
      { fabricId, revision, operationIds: claimed.map((c) => c.id), holder: this.leases.holder, confirmTimeoutSeconds: this.config.confirmTimeoutSeconds },
      this.txs,
      this.operations,
    );
    let running;
    try {
      running = await tx.run();
    } catch (e) {
      if (!(e instanceof PushFailure)) throw e;
      const ids = toPush.map((d) => d.deviceId);
      if (e.retryable) await this.txs.setSync(ids, 'pending', revision, e.message);
      else await this.txs.setSync(ids, 'failed', revision, e.message);
      this.log.warn(`transaction ${tx.id} on fabric ${fabricId} rolled back: ${e.message}`);
      throw new PushError(e.message, e.retryable);
    }
    for (const [deviceId, intent] of running) await this.txs.recordRunning(deviceId, intent, revision);
    await tx.confirmed();
  }

  /** The job gives up (retries exhausted): devices left pending are failed with the reason. */
  async gaveUp(fabricId: string, error: string): Promise<void> {
    await this.txs.failPending(fabricId, error);
  }

  /** A fresh driver for a device, from the inventory (platform), the vault and the pin store. */
  async driverFor(deviceId: string): Promise<PersistingDriver> {
    const { target, verifyHostKey } = await this.targets.forDevice(deviceId);
    try {
      return this.registry.driverFor({ ...target, verifyHostKey }) as PersistingDriver;
    } catch (e) {
      throw new PermanentError((e as Error).message);
    }
  }

  private async recordUnrenderable(claimed: Claimed[], fabricId: string, revision: number, devices: DeviceDelta[]): Promise<void> {
    const steps = await this.operations.openSteps(claimed, fabricId, revision, devices);
    for (const d of devices) await this.operations.updateStep(steps.get(d.deviceId)!, 'failed', { error: d.unrenderable! });
  }
}

/** What the reconcile job throws for a failed push: the queue retries, or stops at once. */
export function jobError(e: unknown): Error {
  if (e instanceof PushError && !e.retryable) return new UnrecoverableError(e.message);
  return e as Error;
}

export type { StepRecord };
