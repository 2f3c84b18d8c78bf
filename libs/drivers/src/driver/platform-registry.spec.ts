import { describe, expect, it } from 'vitest';
import type { DeviceDriver, DeviceTarget } from './device-driver.js';
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
});
