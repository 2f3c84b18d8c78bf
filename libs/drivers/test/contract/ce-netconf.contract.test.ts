import { CeNetconfDriver, type DeviceTarget } from '#drivers';
import { type DriverContractSetup, runDriverContract } from './driver-contract.js';
import { runGetterContract } from './getter-contract.js';

const setup: DriverContractSetup = {
  platform: 'ce-netconf',
  factory: (target: DeviceTarget) => new CeNetconfDriver(target, { reconnect: { attempts: 3, initialDelayMs: 50 } }),
  port: (sw) => sw.netconf.port,
};

runDriverContract(setup);
runGetterContract(setup);
