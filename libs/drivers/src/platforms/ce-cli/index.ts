import type { DriverFactory } from '../../driver/device-driver.js';
import { CeCliDriver, type CeCliDriverOptions } from './ce-cli.driver.js';

export { CE_CLI_PLATFORM, CeCliDriver, type CeCliDriverOptions } from './ce-cli.driver.js';
export { mergeIntent } from './intent-merge.js';
export * from '../../cli/index.js';

/** The platform registry's factory for `ce-cli`: `registry.register(CE_CLI_PLATFORM, ceCliDriverFactory(options))`. */
export function ceCliDriverFactory(options: CeCliDriverOptions = {}): DriverFactory {
  return (target) => new CeCliDriver(target, options);
}
