import { SPINEL_CONFIG, type SpinelConfig } from '../config.js';
import { SnmpPoller } from '#drivers';
import { DeviceInterfaceStore } from './device-interface.store.js';
import { SnmpController } from './snmp.controller.js';
import { SnmpPollScheduler } from './snmp-poll.scheduler.js';
import { INTERFACE_POLLER, SnmpPollService } from './snmp-poll.service.js';
import { SnmpSettingsService } from './snmp-settings.service.js';
import { SnmpTrapService } from './snmp-trap.service.js';

/** What AppModule registers for SNMP (settings, polls, schedule, traps, interfaces API). */
export const SNMP_CONTROLLERS = [SnmpController];
export const SNMP_PROVIDERS = [
  SnmpSettingsService,
  DeviceInterfaceStore,
  SnmpPollService,
  SnmpPollScheduler,
  SnmpTrapService,
  {
    provide: INTERFACE_POLLER,
    useFactory: (config: SpinelConfig) => new SnmpPoller({ timeoutMs: config.snmp.timeoutMs, retries: config.snmp.retries }),
    inject: [SPINEL_CONFIG],
  },
];
