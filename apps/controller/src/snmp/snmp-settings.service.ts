import { Injectable } from '@nestjs/common';
import { InvalidValueError, NotFoundError } from '#domain';
import type { SnmpTarget } from '#drivers';
import { DeviceEntity, DeviceSnmpSettingsEntity } from '#persistence';
import { DataSource } from 'typeorm';
import { CredentialVault } from '../credentials/credential-vault.js';
import type { PutSnmpSettingsDto } from './snmp-settings.dto.js';
import { type SnmpSettingsView, settingsView } from './snmp-views.js';

export const DEFAULT_SNMP_PORT = 161;

/** A device's SNMP settings: kept beside the device (not in its intent), community sealed. */
@Injectable()
export class SnmpSettingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly vault: CredentialVault,
  ) {}

  async get(deviceId: string): Promise<SnmpSettingsView> {
    return settingsView((await this.require(deviceId)).settings);
  }

  async put(deviceId: string, dto: PutSnmpSettingsDto): Promise<SnmpSettingsView> {
    const device = await this.device(deviceId);
    const saved = await this.ds.transaction(async (em) => {
      const current = await em.findOne(DeviceSnmpSettingsEntity, { where: { deviceId }, lock: { mode: 'pessimistic_write' } });
      if (!current && dto.community === undefined) throw new InvalidValueError(`device ${device.name} has no SNMP settings yet: community is required`, 'community');
      const next = em.create(DeviceSnmpSettingsEntity, {
        deviceId,
        port: dto.port ?? current?.port ?? DEFAULT_SNMP_PORT,
        communitySealed: dto.community === undefined ? (current as DeviceSnmpSettingsEntity).communitySealed : this.vault.seal(dto.community),
        enabled: dto.enabled ?? current?.enabled ?? true,
        updatedAt: new Date(),
        lastPollAt: current?.lastPollAt ?? null,
        lastPollError: current?.lastPollError ?? null,
      });
      return em.save(next);
    });
    return settingsView(saved);
  }

  async remove(deviceId: string): Promise<void> {
    await this.require(deviceId);
    await this.ds.manager.delete(DeviceSnmpSettingsEntity, { deviceId });
  }

  /** The device and its settings, or NOT_FOUND saying which one is missing. */
  async require(deviceId: string): Promise<{ device: DeviceEntity; settings: DeviceSnmpSettingsEntity }> {
    const device = await this.device(deviceId);
    const settings = await this.ds.manager.findOneBy(DeviceSnmpSettingsEntity, { deviceId });
    if (!settings) throw new NotFoundError(`device ${device.name} has no SNMP settings; set them with PUT /api/v1/devices/${deviceId}/snmp`);
    return { device, settings };
  }

  /** Where the poller reaches the device: its management address, the SNMP port, the opened community. */
  target(device: DeviceEntity, settings: DeviceSnmpSettingsEntity): SnmpTarget {
    return { host: device.managementHost, port: settings.port, community: this.vault.open(settings.communitySealed), name: device.name };
  }

  async recordPoll(deviceId: string, at: Date, error: string | null): Promise<void> {
    await this.ds.manager.update(DeviceSnmpSettingsEntity, { deviceId }, { lastPollAt: at, lastPollError: error });
  }

  async device(id: string): Promise<DeviceEntity> {
    const d = await this.ds.manager.findOneBy(DeviceEntity, { id });
    if (!d) throw new NotFoundError(`no device with id ${id}`);
    return d;
  }
}
