import type { Provider } from '@nestjs/common';
import { DesiredState } from './desired-state.js';
import { DeviceLeases } from './device-leases.js';
import { PushService } from './push.service.js';
import { RecoveryService } from './recovery.service.js';
import { DeviceSyncController } from './sync.controller.js';
import { TransactionStore } from './transaction.store.js';

/** Pushing intent to devices (docs/provisioning.md). */
export const PROVISIONING_PROVIDERS: Provider[] = [DesiredState, DeviceLeases, TransactionStore, PushService, RecoveryService];
export const PROVISIONING_CONTROLLERS = [DeviceSyncController];
