import { BullModule } from '@nestjs/bullmq';
import type { DynamicModule, Provider, Type } from '@nestjs/common';
import type { SpinelConfig } from '../config.js';
import { EventsController } from '../operations/events.controller.js';
import { OperationStore } from '../operations/operation.store.js';
import { OperationsController } from '../operations/operations.controller.js';
import { OperationsService } from '../operations/operations.service.js';
import { DECLARED_JOBS, JOB_DECLARATIONS, JOB_HANDLERS, type JobHandler, JobRegistry, QUEUES } from './job-registry.js';
import { OutboxDispatcher } from './outbox.dispatcher.js';
import { bullRootOptions } from './queue-backend.js';
import { ReconcileJob } from './reconcile.job.js';
import { ReconcileProcessor } from './reconcile.processor.js';
import { DriftCheckJob } from '../drift/drift-check.job.js';
import { SnmpPollScheduler } from '../snmp/snmp-poll.scheduler.js';

/** Job handlers: one per declared job (checked at start-up by the JobRegistry). */
const HANDLER_TYPES: Type<JobHandler>[] = [ReconcileJob as Type<JobHandler>, DriftCheckJob as Type<JobHandler>, SnmpPollScheduler as Type<JobHandler>];

/** BullMQ on Redis or on PostgreSQL (see queue-backend.ts), and Spinel's queues. */
export function jobImports(config: SpinelConfig, databaseUrl: string): DynamicModule[] {
  return [BullModule.forRootAsync({ useFactory: () => bullRootOptions(config, databaseUrl) }), ...QUEUES.map((name) => BullModule.registerQueue({ name }))];
}

export const JOB_PROVIDERS: Provider[] = [
  { provide: JOB_DECLARATIONS, useValue: DECLARED_JOBS },
  ...HANDLER_TYPES,
  { provide: JOB_HANDLERS, useFactory: (...handlers: JobHandler[]) => handlers, inject: HANDLER_TYPES },
  JobRegistry,
  ReconcileProcessor,
  OutboxDispatcher,
  OperationStore,
  OperationsService,
];

export const OPERATIONS_CONTROLLERS = [OperationsController, EventsController];
