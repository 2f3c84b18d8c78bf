import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DeviceError } from '#drivers';
import { RECONCILE_JOB, RECONCILE_QUEUE } from '../jobs/job-registry.js';
import type { ReconcileData } from '../jobs/reconcile.job.js';
import { OperationStore } from '../operations/operation.store.js';
import { DeviceLeases } from './device-leases.js';
import { PUSHED_NOTE, PushService } from './push.service.js';
import { type OpenTransaction, TransactionStore } from './transaction.store.js';

const SCAN_MS = 5_000;
const LEASE_TTL_MS = 30_000;
/** Confirming this close to the deadline risks racing the device's own rollback: roll back instead. */
const CONFIRM_MARGIN_MS = 5_000;

/**
 * Finishes the transactions of a controller that died mid-push. A transaction whose holder's
 * device leases lapsed is taken over: when every device reached committed-unconfirmed and the
 * confirm deadline is still ahead, each commit is confirmed by its persisted persist id from a new
 * session and the operations succeed; otherwise every commit is cancelled by persist id (or was
 * already rolled back by the device's timeout) and the operations are queued again, so the change
 * is pushed anew and nothing is lost.
 */
@Injectable()
export class RecoveryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Recovery');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly txs: TransactionStore,
    private readonly leases: DeviceLeases,
    private readonly pusher: PushService,
    private readonly operations: OperationStore,
    @InjectQueue(RECONCILE_QUEUE) private readonly queue: Queue<ReconcileData>,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.pusher.enabled) return;
    const tick = () => {
      this.running ??= this.recoverAll()
        .then(() => undefined)
        .catch((e: unknown) => this.log.warn(`recovery scan failed: ${(e as Error).message}`))
        .finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, SCAN_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One scan: every unfinished transaction of another holder whose leases can be taken. */
  async recoverAll(): Promise<number> {
    let recovered = 0;
    for (const tx of await this.txs.unfinished(this.leases.holder)) {
      const ids = tx.devices.map((d) => d.deviceId);
      if (!(await this.leases.acquireAll(ids, LEASE_TTL_MS))) continue; // its holder is alive (or another recovery runs it)
      try {
        await this.recover(tx);
        recovered += 1;
      } finally {
        await this.leases.release(ids);
      }
    }
    return recovered;
  }

  private async recover(tx: OpenTransaction): Promise<void> {
    const allCommitted = tx.state === 'committed' || (tx.state === 'committing' && tx.devices.every((d) => d.state === 'committed' || d.state === 'confirmed'));
    const inTime = tx.confirmDeadline !== null && tx.confirmDeadline.getTime() - Date.now() > CONFIRM_MARGIN_MS;
    const claimed = await this.operations.byIds(tx.operationIds);
    if (allCommitted && inTime) {
      const failed = await this.settle(tx, 'confirm');
      if (!failed.length) {
        for (const d of tx.devices) await this.txs.recordRunning(d.deviceId, d.desired, tx.revision);
        await this.txs.setState(tx.id, 'confirmed', 'finished by recovery after its controller stopped');
        await this.operations.finishFabric(claimed, tx.fabricId, tx.revision, { note: `${PUSHED_NOTE} (confirmed by recovery)` });
        this.log.log(`transaction ${tx.id}: confirmed by recovery on ${tx.devices.length} devices`);
        return;
      }
      this.log.warn(`transaction ${tx.id}: recovery could not confirm ${failed.join('; ')}; rolling back`);
    }
    const stuck = await this.settle(tx, 'cancel');
    await this.txs.setState(tx.id, stuck.length ? 'failed' : 'rolled-back', `rolled back by recovery after its controller stopped${stuck.length ? `; ${stuck.join('; ')}` : ''}`);
    await this.txs.setSync(tx.devices.map((d) => d.deviceId), 'pending', tx.revision);
    // The change is not lost: its operations go back to the queue, and a reconcile pushes them again.
    await this.operations.requeue(claimed, tx.fabricId);
    await this.queue.add(RECONCILE_JOB.name, { fabricId: tx.fabricId, revision: tx.revision }, { jobId: `recover-${tx.id}` });
    this.log.log(`transaction ${tx.id}: rolled back by recovery; its operations are queued again`);
  }

  /** Confirm or cancel every device's commit by its persist id; the devices that failed, with why. */
  private async settle(tx: OpenTransaction, how: 'confirm' | 'cancel'): Promise<string[]> {
    const failed: string[] = [];
    for (const d of tx.devices) {
      if (!d.persistId || (how === 'cancel' && d.state === 'confirmed')) continue;
      const drv = await this.pusher.driverFor(d.deviceId);
      try {
        await drv.open();
        if (how === 'confirm') await drv.confirmPersisted!(d.persistId);
        else await drv.cancelPersisted!(d.persistId);
        await this.txs.setDevice(tx.id, d.deviceId, how === 'confirm' ? 'confirmed' : 'rolled-back');
      } catch (e) {
        // Nothing to cancel: it never committed, or the device's confirm timeout already rolled it back.
        if (how === 'cancel' && e instanceof DeviceError && e.code === 'REJECTED') await this.txs.setDevice(tx.id, d.deviceId, 'rolled-back');
        else failed.push(`${d.device}: ${(e as Error).message}`);
      } finally {
        await drv.close().catch(() => undefined);
      }
    }
    return failed;
  }
}
