import { describe, expect, it } from 'vitest';
import type { DeviceDriver, DeviceTarget } from './device-driver.js';
import type { RawConfigDriver } from './raw-config-driver.js';
import { PlatformRegistry } from './platform-registry.js';

const target = (platform: string): DeviceTarget => ({ name: 'leaf-1', role: 'leaf', platform, host: '127.0.0.1', port: 830, username: 'admin' });
const driver = (platform: string) => ({ platform }) as unknown as DeviceDriver;

describe('PlatformRegistry', () => {
  it('hands out the driver registered for a platform', () => {
    const registry = new PlatformRegistry().register('ce-netconf', (t) => driver(t.platform)).register('ce-cli', (t) => driver(`${t.platform}!`));
    expect(registry.driverFor(target('ce-cli')).platform).toBe('ce-cli!');
    expect(registry.platforms).toEqual(['ce-cli', 'ce-netconf']);
  });

  it('refuses a second driver for one platform', () => {
    const registry = new PlatformRegistry().register('ce-netconf', (t) => driver(t.platform));
    expect(() => registry.register('ce-netconf', (t) => driver(t.platform))).toThrow(/already registered/);
  });

  it('names the known platforms when asked for an unknown one', () => {
    const registry = new PlatformRegistry().register('ce-netconf', (t) => driver(t.platform));
    expect(() => registry.driverFor(target('junos'))).toThrow("no driver for platform 'junos' (device leaf-1); known platforms: ce-netconf");
  });

  it('refuses malformed platform names', () => {
    expect(() => new PlatformRegistry().register('CE NETCONF', (t) => driver(t.platform))).toThrow(/lowercase/);
  });

  it('keeps raw-config platforms apart from intent platforms', () => {
    const raw = (platform: string) => ({ platform }) as unknown as RawConfigDriver;
    const registry = new PlatformRegistry().register('ce-netconf', (t) => driver(t.platform)).registerRaw('netconf', (t) => raw(t.platform));
    expect(registry.platforms).toEqual(['ce-netconf', 'netconf']);
    expect(registry.rawDriverFor(target('netconf')).platform).toBe('netconf');
    expect(registry.has('netconf')).toBe(false);
    expect(registry.hasRaw('netconf')).toBe(true);
    expect(() => registry.driverFor(target('netconf'))).toThrow("platform 'netconf' (device leaf-1) exchanges raw configuration only, not DeviceIntent; use rawDriverFor");
    expect(() => registry.rawDriverFor(target('ce-netconf'))).toThrow(/has an intent driver; use driverFor/);
    expect(() => registry.registerRaw('ce-netconf', (t) => raw(t.platform))).toThrow(/already registered/);
  });
});
