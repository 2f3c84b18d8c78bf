import { PlatformRegistry } from '../driver/platform-registry.js';
import { CE_CLI_PLATFORM, ceCliDriverFactory } from './ce-cli/index.js';
import { CE_NETCONF_PLATFORM, CeNetconfDriver } from './ce-netconf/ce-netconf.driver.js';
import type { NetconfDriverOptions } from './netconf/driver-options.js';
import { NETCONF_PLATFORM, NetconfDriver } from './netconf/netconf.driver.js';

/** Options shared by every built-in driver (keepalive, timeouts, reconnect, host-key policy). */
export type DriverOptions = NetconfDriverOptions;

/**
 * The drivers Spinel ships, one line each. `ce-netconf`: CloudEngine over NETCONF (DeviceIntent);
 * `ce-cli`: CloudEngine over its CLI (DeviceIntent); `netconf`: any RFC 6241 device, raw XML only.
 */
export function createDefaultRegistry(options: DriverOptions = {}): PlatformRegistry {
  return new PlatformRegistry()
    .register(CE_NETCONF_PLATFORM, (t) => new CeNetconfDriver(t, options))
    .register(CE_CLI_PLATFORM, ceCliDriverFactory(options))
    .registerRaw(NETCONF_PLATFORM, (t) => new NetconfDriver(t, options));
}
