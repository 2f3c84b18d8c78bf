import type { DeviceTarget, DeviceDriver, DriverFactory } from './device-driver.js';
import type { RawConfigDriver, RawDriverFactory } from './raw-config-driver.js';

/**
 * Platform name → driver factory. Registering a platform twice is a programming error and fails
 * loudly at start-up; asking for an unknown platform names the known ones.
 *
 * A platform has either a DeviceDriver (it speaks DeviceIntent through a dialect) or only a
 * RawConfigDriver (it exchanges the device's own XML: the generic `netconf` platform). Asking for
 * an intent driver of a raw-only platform is refused with that explanation, so a caller can never
 * push an intent to a device nobody knows how to render it for.
 */
export class PlatformRegistry {
  private readonly factories = new Map<string, DriverFactory>();
  private readonly rawFactories = new Map<string, RawDriverFactory>();

  register(platform: string, factory: DriverFactory): this {
    this.claim(platform);
    this.factories.set(platform, factory);
    return this;
  }

  /** A platform spoken only as raw configuration (no dialect, no getters). */
  registerRaw(platform: string, factory: RawDriverFactory): this {
    this.claim(platform);
    this.rawFactories.set(platform, factory);
    return this;
  }

  /** Whether the platform has an intent driver. */
  has(platform: string): boolean {
    return this.factories.has(platform);
  }

  hasRaw(platform: string): boolean {
    return this.rawFactories.has(platform);
  }

  /** Every registered platform, intent and raw-only. */
  get platforms(): string[] {
    return [...this.factories.keys(), ...this.rawFactories.keys()].sort();
  }

  driverFor(target: DeviceTarget): DeviceDriver {
    const factory = this.factories.get(target.platform);
    if (!factory) {
      if (this.rawFactories.has(target.platform)) {
        throw new Error(`platform '${target.platform}' (device ${target.name}) exchanges raw configuration only, not DeviceIntent; use rawDriverFor`);
      }
      throw this.unknown(target);
    }
    return factory(target);
  }

  rawDriverFor(target: DeviceTarget): RawConfigDriver {
    const factory = this.rawFactories.get(target.platform);
    if (!factory) {
      if (this.factories.has(target.platform)) throw new Error(`platform '${target.platform}' (device ${target.name}) has an intent driver; use driverFor`);
      throw this.unknown(target);
    }
    return factory(target);
  }

  private claim(platform: string): void {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(platform)) throw new Error(`platform name '${platform}' must be lowercase letters, digits and '-'`);
    if (this.factories.has(platform) || this.rawFactories.has(platform)) {
      throw new Error(`platform '${platform}' is already registered; each platform has exactly one driver`);
    }
  }

  private unknown(target: DeviceTarget): Error {
    return new Error(`no driver for platform '${target.platform}' (device ${target.name}); known platforms: ${this.platforms.join(', ') || 'none'}`);
  }
}
