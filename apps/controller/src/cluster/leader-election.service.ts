import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SPINEL_CONFIG, type SpinelConfig } from '../config.js';
import { LEASE_STORE, type LeaseState, type LeaseStore } from './lease.store.js';

export interface ClusterView {
  nodeId: string;
  leader: string | null;
  isLeader: boolean;
  leaseExpiresAt: string | null;
  lease: { store: 'redis' | 'postgres'; ttlMs: number; renewMs: number };
}

/**
 * Elects one controller process to run the periodic schedule. Every process tries to take (or, the
 * holder, renew) the lease every `renewMs`; the lease lasts `leaseTtlMs`, so a killed leader is
 * replaced within about TTL + renew interval, and a leader that shuts down releases it at once.
 *
 * A process believes it leads only until its own lease would have expired, counted from before its
 * last successful renewal was sent: a leader cut off from the store (Redis down, database gone)
 * stops scheduling on its own before anyone else can take over.
 */
@Injectable()
export class LeaderElection implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('LeaderElection');
  readonly nodeId: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private last: LeaseState = { holder: null, expiresAt: null };
  /** Local deadline of our lease (0: we do not hold it). */
  private leadingUntil = 0;

  constructor(
    @Inject(SPINEL_CONFIG) private readonly config: SpinelConfig,
    @Inject(LEASE_STORE) private readonly store: LeaseStore,
  ) {
    this.nodeId = config.cluster.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.attempt(); // a single controller leads from its first request on
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.attempt().finally(() => (this.running = undefined));
    }, this.config.cluster.renewMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    if (this.isLeader()) {
      this.leadingUntil = 0;
      await this.store.release(this.nodeId).catch((e: unknown) => this.log.warn(`could not release the scheduler lease: ${(e as Error).message}`));
    }
    await this.store.close();
  }

  isLeader(): boolean {
    return !this.stopped && Date.now() < this.leadingUntil;
  }

  async view(): Promise<ClusterView> {
    const state = await this.store.read().catch(() => this.last);
    const { leaseTtlMs: ttlMs, renewMs } = this.config.cluster;
    return {
      nodeId: this.nodeId,
      leader: state.holder,
      isLeader: this.isLeader() && state.holder === this.nodeId,
      leaseExpiresAt: state.expiresAt?.toISOString() ?? null,
      lease: { store: this.store.kind, ttlMs, renewMs },
    };
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    const sentAt = Date.now();
    const was = this.isLeader();
    try {
      this.last = await this.store.acquire(this.nodeId, this.config.cluster.leaseTtlMs);
      this.leadingUntil = this.last.holder === this.nodeId ? sentAt + this.config.cluster.leaseTtlMs : 0;
    } catch (e) {
      // Keep leading until our lease would have run out anyway; the next attempt may renew it.
      this.log.warn(`scheduler lease (${this.store.kind}) not renewed: ${(e as Error).message}`);
    }
    const is = this.isLeader();
    if (is !== was) this.log.log(is ? `${this.nodeId} leads the scheduler` : `${this.nodeId} no longer leads the scheduler (leader: ${this.last.holder ?? 'none'})`);
  }
}
