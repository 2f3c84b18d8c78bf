import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SPINEL_CONFIG, type SpinelConfig } from '../config.js';
import { SnmpPollService } from './snmp-poll.service.js';

/**
 * Polls every SNMP-enabled device each SPINEL_SNMP_POLL_SECONDS (0: never), in process. A round
 * still running when the next is due is not doubled: that tick is skipped.
 */
@Injectable()
export class SnmpPollScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('SnmpPollScheduler');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(SPINEL_CONFIG) private readonly config: SpinelConfig,
    private readonly polls: SnmpPollService,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.snmp.pollSeconds;
    if (seconds <= 0) return;
    this.timer = setInterval(() => this.tick(), seconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running; // never close the database under a round in flight
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.polls
      .pollAll()
      .catch((e: unknown) => this.log.error(`SNMP poll round failed: ${(e as Error).message}`))
      .finally(() => {
        this.running = undefined;
      });
  }
}
