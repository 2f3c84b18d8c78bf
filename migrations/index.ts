import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { DeviceConfigs1764100000000 } from './1764100000000-device-configs.js';
import { DeviceHostKeys1764200000000 } from './1764200000000-device-host-keys.js';
import { DeviceSnmp1764300000000 } from './1764300000000-device-snmp.js';
import { Operations1764400000000 } from './1764400000000-operations.js';
import { Provisioning1764500000000 } from './1764500000000-provisioning.js';
import { DriftAndLeases1764600000000 } from './1764600000000-drift-and-leases.js';

/** Every migration, in order. The data source runs them on start (never `synchronize`). */
export const MIGRATIONS = [InitialSchema1764000000000, DeviceConfigs1764100000000, DeviceHostKeys1764200000000, DeviceSnmp1764300000000, Operations1764400000000, Provisioning1764500000000, DriftAndLeases1764600000000];
