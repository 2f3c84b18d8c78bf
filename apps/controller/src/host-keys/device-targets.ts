import { Injectable } from '@nestjs/common';
import { NotFoundError } from '#domain';
import type { DeviceTarget, HostKeyVerifier } from '#drivers';
import { DeviceEntity } from '#persistence';
import { DataSource } from 'typeorm';
import { CredentialVault } from '../credentials/credential-vault.js';
import { HostKeyService } from './host-key.service.js';

/**
 * What a driver needs to reach a device: its address and role from the inventory, the password
 * opened from the vault, and a host-key verifier bound to the device's pin.
 */
@Injectable()
export class DeviceTargets {
  constructor(
    private readonly ds: DataSource,
    private readonly vault: CredentialVault,
    private readonly hostKeys: HostKeyService,
  ) {}

  async forDevice(deviceId: string): Promise<{ target: DeviceTarget; verifyHostKey: HostKeyVerifier }> {
    const d = await this.ds.manager.findOneBy(DeviceEntity, { id: deviceId });
    if (!d) throw new NotFoundError(`no device with id ${deviceId}`);
    const target: DeviceTarget = {
      name: d.name,
      role: d.role,
      platform: d.platform,
      host: d.managementHost,
      port: d.managementPort,
      username: d.username,
      ...(d.passwordSealed ? { password: this.vault.open(d.passwordSealed) } : {}),
    };
    return {
      target,
      verifyHostKey: async (key) => {
        await this.hostKeys.verify(deviceId, key.fingerprint);
        return true;
      },
    };
  }
}
