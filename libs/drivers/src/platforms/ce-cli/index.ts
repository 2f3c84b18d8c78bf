import type { DriverFactory } from '../../driver/device-driver.js';
import { CeCliDriver } from './ce-cli.driver.js';

export { CeCliDriver, type CeCliDriverOptions } from './ce-cli.driver.js';
export { mergeIntent } from './intent-merge.js';
export * from '../../cli/index.js';

/** The platform registry's factory for `ce-cli`: `registry.register('ce-cli', ceCliDriverFactory)`. */
export const ceCliDriverFactory: DriverFactory = (target) => new CeCliDriver(target);
