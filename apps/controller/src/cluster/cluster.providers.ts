import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SPINEL_CONFIG, type SpinelConfig } from '../config.js';
import { ClusterController } from './cluster.controller.js';
import { LeaderElection } from './leader-election.service.js';
import { LEASE_STORE, SCHEDULER_LEASE } from './lease.store.js';
import { PeriodicProcessor } from './periodic.processor.js';
import { PeriodicScheduler } from './periodic.scheduler.js';
import { PostgresLeaseStore } from './postgres-lease.store.js';
import { RedisLeaseStore } from './redis-lease.store.js';

/** What AppModule registers for the cluster: the lease (Redis when REDIS_URL is set, else PostgreSQL), the election, the leader's schedule. */
export const CLUSTER_CONTROLLERS = [ClusterController];
export const CLUSTER_PROVIDERS: Provider[] = [
  {
    provide: LEASE_STORE,
    useFactory: (config: SpinelConfig, ds: DataSource) =>
      config.redisUrl ? new RedisLeaseStore(config.redisUrl, config.queuePrefix, SCHEDULER_LEASE) : new PostgresLeaseStore(ds, SCHEDULER_LEASE),
    inject: [SPINEL_CONFIG, DataSource],
  },
  LeaderElection,
  PeriodicScheduler,
  PeriodicProcessor,
];
