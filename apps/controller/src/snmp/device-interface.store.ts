import { Injectable } from '@nestjs/common';
import type { SnmpInterfaceRecord } from '#drivers';
import { DeviceInterfaceEntity } from '#persistence';
import { DataSource, In, Not } from 'typeorm';

export interface LinkStatus {
  operUp: boolean;
  adminUp?: boolean;
}

/** The latest interface status and counters per device: written by polls and traps, read by the API. */
@Injectable()
export class DeviceInterfaceStore {
  constructor(private readonly ds: DataSource) {}

  list(deviceId: string): Promise<DeviceInterfaceEntity[]> {
    return this.ds.manager.find(DeviceInterfaceEntity, { where: { deviceId }, order: { ifIndex: 'ASC' } });
  }

  /**
   * Replace the device's interfaces with what one poll read. A status set by a trap that arrived
   * after the poll started is newer than the poll's and is kept; interfaces the device no longer
   * reports are removed.
   */
  async replaceFromPoll(deviceId: string, records: SnmpInterfaceRecord[], startedAt: Date): Promise<void> {
    await this.ds.transaction(async (em) => {
      // Two polls of one device (schedule and API) must not both insert its first rows.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('spinel:device-interfaces'), hashtext($1))`, [deviceId]);
      const existing = new Map((await em.find(DeviceInterfaceEntity, { where: { deviceId }, lock: { mode: 'pessimistic_write' } })).map((r) => [r.ifIndex, r]));
      const rows = records.map((r) => {
        const row = existing.get(r.ifIndex) ?? em.create(DeviceInterfaceEntity, { deviceId, ifIndex: r.ifIndex, statusTrapAt: null });
        const trapIsNewer = row.statusTrapAt !== null && row.statusTrapAt > startedAt;
        Object.assign(row, {
          name: r.name,
          adminUp: trapIsNewer ? row.adminUp : r.adminUp,
          operUp: trapIsNewer ? row.operUp : r.operUp,
          inOctets: r.inOctets,
          outOctets: r.outOctets,
          inPackets: r.inPackets,
          outPackets: r.outPackets,
          inErrors: r.inErrors,
          outErrors: r.outErrors,
          counterBits: r.counterBits,
          polledAt: r.polledAt,
        });
        return row;
      });
      const kept = records.map((r) => r.ifIndex);
      await em.delete(DeviceInterfaceEntity, kept.length ? { deviceId, ifIndex: Not(In(kept)) } : { deviceId });
      await em.save(rows);
    });
  }

  /** A linkUp/linkDown trap: returns the interface's stored name, or undefined if it was never polled. */
  async applyLinkTrap(deviceId: string, ifIndex: number, status: LinkStatus, at: Date): Promise<string | undefined> {
    return this.ds.transaction(async (em) => {
      const row = await em.findOne(DeviceInterfaceEntity, { where: { deviceId, ifIndex }, lock: { mode: 'pessimistic_write' } });
      if (!row) return undefined;
      row.operUp = status.operUp;
      if (status.adminUp !== undefined) row.adminUp = status.adminUp;
      row.statusTrapAt = at;
      await em.save(row);
      return row.name;
    });
  }
}
