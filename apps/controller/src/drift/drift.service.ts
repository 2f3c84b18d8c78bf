import { Injectable, Logger } from '@nestjs/common';
import { NotFoundError } from '#domain';
import { diffIntent, dialectFor, type IntentChange } from '#dialects';
import { isDeviceError } from '#drivers';
import { type DeviceIntent, FabricIndex, compileDevice } from '#intent';
import { DeviceEntity } from '#persistence';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { SnapshotLoader } from '../compiler/snapshot.loader.js';
import { IntentWriter } from '../intent/intent-writer.js';
import { type ChangeCount, type DriftRecord, DriftStore } from './drift.store.js';
import { RunningConfigReader } from './running-config.reader.js';

export interface DesiredConfig {
  device: DeviceEntity;
  desired: DeviceIntent;
  revision: number;
}

/**
 * Drift detection: read a device's running configuration, compare it with the desired one (compiled
 * at the head revision) and with the one last known to run there (`device_configs`), record the
 * result in `device_drift`, and make the read configuration the last known one — so the next
 * reconcile plans exactly what the device needs to get back to its desired configuration.
 */
@Injectable()
export class DriftService {
  private readonly log = new Logger('Drift');

  constructor(
    private readonly ds: DataSource,
    private readonly snapshots: SnapshotLoader,
    private readonly reader: RunningConfigReader,
    private readonly store: DriftStore,
    private readonly writer: IntentWriter,
  ) {}

  /** Check one device now. A device that cannot be read is recorded as such, then its DeviceError is thrown. */
  async check(deviceId: string): Promise<DriftRecord> {
    const { device, desired, revision } = await this.desired(deviceId);
    const checkedAt = new Date();
    let running: DeviceIntent;
    try {
      running = await this.reader.read(deviceId);
    } catch (e) {
      const code = isDeviceError(e) ? e.code : 'ERROR';
      await this.store.recordError(deviceId, checkedAt, revision, (e as Error).message, code);
      throw e;
    }
    const known = await this.lastKnown(deviceId);
    const dialect = dialectFor(device.platform);
    const toDesired = diffIntent(running, desired);
    const sinceKnown = known ? diffIntent(known.intent, running) : [];
    const record = await this.ds.transaction(async (em) => {
      // Running is now the last known running; its revision is the head when it matches the desired config.
      const runningRevision = toDesired.length === 0 ? revision : (known?.revision ?? 0);
      await em.query(
        `INSERT INTO device_configs (device_id, running_intent, revision, observed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (device_id) DO UPDATE SET running_intent = excluded.running_intent, revision = excluded.revision, observed_at = excluded.observed_at`,
        [deviceId, JSON.stringify(running), runningRevision, checkedAt],
      );
      return {
        deviceId,
        checkedAt,
        revision,
        inSyncWithDesired: toDesired.length === 0,
        drifted: sinceKnown.length > 0,
        diffDesired: render(dialect, toDesired, running, desired),
        diffRunning: known ? render(dialect, sinceKnown, known.intent, running) : '',
        summary: { desired: count(toDesired), running: count(sinceKnown) },
      };
    });
    return this.store.recordRead(record);
  }

  /** The scheduled round: every device, one after another; a device that fails is recorded and logged, not fatal. */
  async checkAll(): Promise<{ checked: number; drifted: number; failed: number }> {
    const devices = await this.ds.manager.find(DeviceEntity, { select: { id: true, name: true }, order: { name: 'ASC' } });
    const out = { checked: 0, drifted: 0, failed: 0 };
    for (const d of devices) {
      try {
        const r = await this.check(d.id);
        out.checked++;
        if (r.drifted || !r.inSyncWithDesired) out.drifted++;
      } catch (e) {
        out.failed++;
        this.log.warn(`drift check of ${d.name} failed: ${(e as Error).message}`);
      }
    }
    return out;
  }

  async last(deviceId: string): Promise<DriftRecord | null> {
    await this.device(deviceId);
    return this.store.get(deviceId);
  }

  async forFabric(fabricId: string) {
    const devices = await this.ds.manager.find(DeviceEntity, { where: { fabricId }, order: { name: 'ASC' } });
    if (!devices.length && !(await this.ds.query('SELECT 1 FROM fabrics WHERE id = $1', [fabricId])).length) throw new NotFoundError(`no fabric with id ${fabricId}`);
    const records = await this.store.forDevices(devices.map((d) => d.id));
    return devices.map((d) => ({ deviceId: d.id, device: d.name, platform: d.platform, drift: records.get(d.id) ?? null }));
  }

  /**
   * Remediate: read the device now (so the last known running is what really runs there), then
   * start an operation that reconciles its fabric, through the intent writer's outbox like any
   * change. The revision it records changes no intent: it is the audit record of the request.
   */
  async sync(principal: Principal, deviceId: string): Promise<{ drift: DriftRecord; operationId: string | null; revision: number }> {
    const drift = await this.check(deviceId);
    const device = await this.device(deviceId);
    const { revision, operationId } = await this.writer.write(principal, `sync device ${device.name} to its desired configuration`, async (tx) => {
      const image = await tx.snapshot('device', device);
      await tx.track('device', 'update', device, image, image);
    });
    return { drift, operationId: operationId ?? null, revision };
  }

  async desired(deviceId: string): Promise<DesiredConfig> {
    const device = await this.device(deviceId);
    const snapshot = await this.snapshots.load(device.fabricId);
    const me = snapshot?.devices.find((d) => d.id === device.id);
    if (!snapshot || !me) throw new NotFoundError(`no device with id ${deviceId}`);
    return { device, desired: compileDevice(new FabricIndex(snapshot), me), revision: snapshot.revision };
  }

  async lastKnown(deviceId: string): Promise<{ intent: DeviceIntent; revision: number } | null> {
    const rows: { running_intent: DeviceIntent; revision: string }[] = await this.ds.query('SELECT running_intent, revision FROM device_configs WHERE device_id = $1', [deviceId]);
    return rows[0] ? { intent: rows[0].running_intent, revision: Number(rows[0].revision) } : null;
  }

  private async device(deviceId: string): Promise<DeviceEntity> {
    const device = await this.ds.manager.findOneBy(DeviceEntity, { id: deviceId });
    if (!device) throw new NotFoundError(`no device with id ${deviceId}`);
    return device;
  }
}

function count(changes: IntentChange[]): ChangeCount {
  const out = { add: 0, modify: 0, remove: 0 };
  for (const c of changes) out[c.op] += 1;
  return out;
}

/** The change set in the platform's syntax; a change the platform cannot express is described structurally instead. */
function render(dialect: ReturnType<typeof dialectFor>, changes: IntentChange[], from: DeviceIntent, to: DeviceIntent): string {
  if (!changes.length) return '';
  try {
    return dialect.renderChanges(changes, from, to);
  } catch {
    return changes.map((c) => `${c.op} ${c.section}${c.parent ? ` ${c.parent}` : ''} ${c.key}`).join('\n');
  }
}
