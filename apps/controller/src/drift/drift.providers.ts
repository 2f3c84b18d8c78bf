import { AcceptDriftService } from './accept-drift.service.js';
import { DriftController } from './drift.controller.js';
import { DriftService } from './drift.service.js';
import { DriftStore } from './drift.store.js';
import { RunningConfigReader } from './running-config.reader.js';

/** What AppModule registers for drift detection (the periodic job handler is registered with the jobs). */
export const DRIFT_CONTROLLERS = [DriftController];
export const DRIFT_PROVIDERS = [DriftStore, RunningConfigReader, DriftService, AcceptDriftService];
