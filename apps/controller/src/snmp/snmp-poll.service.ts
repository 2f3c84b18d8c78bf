import { Inject, Injectable, Logger } from '@nestjs/common';
import { isDeviceError, type SnmpInterfaceRecord, type SnmpTarget } from '#drivers';
import { DeviceSnmpSettingsEntity } from '#persistence';
import { DataSource } from 'typeorm';
import { DeviceInterfaceStore } from './device-interface.store.js';
import { SnmpSettingsService } from './snmp-settings.service.js';
import { type DeviceInterfaceView, interfaceView } from './snmp-views.js';

/** The SNMP transport, behind a port so tests and other transports can stand in (SnmpPoller in production). */
export interface InterfacePoller {
  pollInterfaces(target: SnmpTarget): Promise<SnmpInterfaceRecord[]>;
}
export const INTERFACE_POLLER = Symbol('INTERFACE_POLLER');

export interface PollResult {
  deviceId: string;
  polledAt: string;
  interfaces: DeviceInterfaceView[];
}

/**
 * Polls one device's IF-MIB and stores the result. Kept apart from any schedule: the in-process
 * timer (SnmpPollScheduler) calls it today, a queue job can call it tomorrow.
 */
@Injectable()
export class SnmpPollService {
  private readonly log = new Logger('SnmpPoll');

  constructor(
    private readonly ds: DataSource,
    private readonly settings: SnmpSettingsService,
    private readonly store: DeviceInterfaceStore,
    @Inject(INTERFACE_POLLER) private readonly poller: InterfacePoller,
  ) {}

  /** Throws DeviceError when the device fails; what was stored before stays as it was. */
  async pollDevice(deviceId: string): Promise<PollResult> {
    const { device, settings } = await this.settings.require(deviceId);
    const startedAt = new Date();
    let records: SnmpInterfaceRecord[];
    try {
      records = await this.poller.pollInterfaces(this.settings.target(device, settings));
    } catch (e) {
      const reason = isDeviceError(e) ? `${e.code}: ${e.message}` : `ERROR: ${(e as Error).message}`;
      await this.settings.recordPoll(deviceId, new Date(), reason);
      throw e;
    }
    await this.store.replaceFromPoll(deviceId, records, startedAt);
    const polledAt = records[0]?.polledAt ?? new Date();
    await this.settings.recordPoll(deviceId, polledAt, null);
    return { deviceId, polledAt: polledAt.toISOString(), interfaces: (await this.store.list(deviceId)).map(interfaceView) };
  }

  /** One round over every enabled device, one after another; a failing device is logged, not fatal. */
  async pollAll(): Promise<{ polled: number; failed: number }> {
    const enabled = await this.ds.manager.find(DeviceSnmpSettingsEntity, { where: { enabled: true }, select: { deviceId: true } });
    let failed = 0;
    for (const { deviceId } of enabled) {
      try {
        await this.pollDevice(deviceId);
      } catch (e) {
        failed++;
        this.log.warn(`SNMP poll of device ${deviceId} failed: ${(e as Error).message}`);
      }
    }
    return { polled: enabled.length - failed, failed };
  }
}
