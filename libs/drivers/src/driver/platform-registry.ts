import type { DeviceTarget, DeviceDriver, DriverFactory } from './device-driver.js';

/**
 * Platform name → driver factory. Registering a platform twice is a programming error and fails
 * loudly at start-up; asking for an unknown platform names the known ones.
 */
export class PlatformRegistry {
  private readonly factories = new Map<string, DriverFactory>();

  register(platform: string, factory: DriverFactory): this {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(platform)) throw new Error(`platform name '${platform}' must be lowercase letters, digits and '-'`);
    if (this.factories.has(platform)) throw new Error(`platform '${platform}' is already registered; each platform has exactly one driver`);
    this.factories.set(platform, factory);
    return this;
  }

  has(platform: string): boolean {
    return this.factories.has(platform);
  }

  get platforms(): string[] {
    return [...this.factories.keys()].sort();
  }

  driverFor(target: DeviceTarget): DeviceDriver {
    const factory = this.factories.get(target.platform);
    if (!factory) {
      throw new Error(`no driver for platform '${target.platform}' (device ${target.name}); known platforms: ${this.platforms.join(', ') || 'none'}`);
    }
    return factory(target);
  }
}
