import { Injectable } from '@nestjs/common';
import { DRIFT_CHECK_JOB, type JobHandler } from '../jobs/job-registry.js';
import { DriftService } from './drift.service.js';

/** The leader's periodic drift check (SPINEL_DRIFT_CHECK_SECONDS): one round over every device. */
@Injectable()
export class DriftCheckJob implements JobHandler<unknown, { checked: number; drifted: number; failed: number }> {
  readonly queue = DRIFT_CHECK_JOB.queue;
  readonly name = DRIFT_CHECK_JOB.name;

  constructor(private readonly drift: DriftService) {}

  handle() {
    return this.drift.checkAll();
  }
}
