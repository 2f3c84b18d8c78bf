import { Injectable, Logger } from '@nestjs/common';
import { type JobHandler, SNMP_POLL_JOB } from '../jobs/job-registry.js';
import { SnmpPollService } from './snmp-poll.service.js';

/**
 * The SNMP poll round, every SPINEL_SNMP_POLL_SECONDS (0: never): a periodic job that only the
 * elected leader enqueues (cluster/periodic.scheduler.ts), so several controllers poll each device
 * once per round, not once each. The job id names the round's time slot: a round cannot be doubled.
 */
@Injectable()
export class SnmpPollScheduler implements JobHandler<unknown, { polled: number; failed: number }> {
  readonly queue = SNMP_POLL_JOB.queue;
  readonly name = SNMP_POLL_JOB.name;
  private readonly log = new Logger('SnmpPollScheduler');

  constructor(private readonly polls: SnmpPollService) {}

  async handle() {
    const result = await this.polls.pollAll();
    if (result.failed) this.log.warn(`SNMP poll round: ${result.failed} of ${result.polled + result.failed} devices failed`);
    return result;
  }
}
