import { Injectable } from '@nestjs/common';
import { type DeviceIntent, compile } from '#intent';
import { diffIntent, dialectFor } from '#dialects';
import { DeviceConfigEntity } from '#persistence';
import { DataSource, In } from 'typeorm';
import { SnapshotLoader } from '../compiler/snapshot.loader.js';

export interface DeviceDelta {
  deviceId: string;
  device: string;
  platform: string;
  desired: DeviceIntent;
  /** Nothing differs from the last known running configuration. */
  inSync: boolean;
  /** Why the device's platform cannot express its configuration (it is not pushed). */
  unrenderable?: string;
}

/** A fabric compiled at the head revision, each device against its last known running configuration. */
@Injectable()
export class DesiredState {
  constructor(
    private readonly ds: DataSource,
    private readonly snapshots: SnapshotLoader,
  ) {}

  /** null: the fabric no longer exists. */
  async fabric(fabricId: string): Promise<{ revision: number; devices: DeviceDelta[] } | null> {
    const snapshot = await this.snapshots.load(fabricId);
    if (!snapshot) return null;
    const compiled = compile(snapshot);
    const ids = snapshot.devices.map((d) => d.id);
    const running = new Map((ids.length ? await this.ds.manager.findBy(DeviceConfigEntity, { deviceId: In(ids) }) : []).map((c) => [c.deviceId, c]));
    const devices = snapshot.devices.map((d): DeviceDelta => {
      const desired = compiled.devices.get(d.name) as DeviceIntent;
      const known = (running.get(d.id)?.runningIntent as unknown as DeviceIntent | undefined) ?? null;
      const changes = diffIntent(known, desired);
      const base = { deviceId: d.id, device: d.name, platform: d.platform, desired, inSync: changes.length === 0 };
      try {
        dialectFor(d.platform).renderChanges(changes, known, desired);
        return base;
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        if (code !== 'UNRENDERABLE' && code !== 'INVALID_CONFIG') throw e;
        return { ...base, unrenderable: `the configuration of ${d.name} cannot be expressed in ${d.platform}: ${(e as Error).message}` };
      }
    });
    devices.sort((a, b) => a.device.localeCompare(b.device, 'en', { numeric: true }));
    return { revision: snapshot.revision, devices };
  }
}
