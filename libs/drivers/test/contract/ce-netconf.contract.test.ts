import { CeNetconfDriver } from '#drivers';
import { runDriverContract } from './driver-contract.js';

runDriverContract({
  platform: 'ce-netconf',
  factory: (target) => new CeNetconfDriver(target, { reconnect: { attempts: 3, initialDelayMs: 50 } }),
  port: (sw) => sw.netconf.port,
});
