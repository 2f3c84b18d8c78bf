import { Injectable } from '@nestjs/common';
import { createDefaultRegistry, type PlatformRegistry } from '#drivers';
import { canonicalize, type DeviceIntent } from '#intent';
import { DeviceTargets } from '../host-keys/device-targets.js';

/**
 * Reads a device's running configuration through its platform's driver, normalized to a canonical
 * DeviceIntent. One session per read; a device that fails throws its DeviceError.
 */
@Injectable()
export class RunningConfigReader {
  // A check is one read: no reconnect loop (the next scheduled check is the retry).
  private readonly registry: PlatformRegistry = createDefaultRegistry({ reconnect: { attempts: 1 }, connectTimeoutMs: 10_000, rpcTimeoutMs: 30_000 });

  constructor(private readonly targets: DeviceTargets) {}

  async read(deviceId: string): Promise<DeviceIntent> {
    const { target, verifyHostKey } = await this.targets.forDevice(deviceId);
    const driver = this.registry.driverFor({ ...target, verifyHostKey });
    try {
      await driver.open();
      return canonicalize(await driver.getRunningConfig());
    } finally {
      await driver.close().catch(() => undefined);
    }
  }
}
