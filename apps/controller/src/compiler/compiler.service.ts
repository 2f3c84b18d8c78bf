import { Injectable } from '@nestjs/common';
import { InvalidValueError, NotFoundError } from '#domain';
import { type DeviceIntent, FabricIndex, compile, compileDevice, routePlan } from '#intent';
import { diffIntent, dialectFor, type IntentChange } from '#dialects';
import { DeviceConfigEntity, DeviceEntity, VpcEntity } from '#persistence';
import { DataSource, In } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { SnapshotLoader } from './snapshot.loader.js';

export type ConfigFormat = 'cli' | 'netconf' | 'json';
const FORMAT_PLATFORM: Record<Exclude<ConfigFormat, 'json'>, string> = { cli: 'ce-cli', netconf: 'ce-netconf' };

/** Infrastructure views (device configs, plans, route tables) are not for tenant-scoped tokens. */
function requireFabricWide(p: Principal, what: string, id: string): void {
  if (p.tenantId) throw new NotFoundError(`no ${what} with id ${id}`);
}

/** Compiles a fabric's intent on demand and shows it: desired configs, pending changes, route plans. */
@Injectable()
export class CompilerService {
  constructor(
    private readonly ds: DataSource,
    private readonly snapshots: SnapshotLoader,
  ) {}

  async deviceConfig(p: Principal, deviceId: string, format: ConfigFormat | undefined): Promise<{ contentType: string; body: string | DeviceIntent; revision: number }> {
    requireFabricWide(p, 'device', deviceId);
    const device = await this.ds.manager.findOneBy(DeviceEntity, { id: deviceId });
    if (!device) throw new NotFoundError(`no device with id ${deviceId}`);
    const { intent, revision } = await this.desired(device);
    if (format === 'json') return { contentType: 'application/json', body: intent, revision };
    const dialect = dialectFor(format ? FORMAT_PLATFORM[format] : device.platform);
    const body = renderable(device.name, dialect.platform, () => dialect.render(intent));
    return { contentType: dialect.platform === 'ce-cli' ? 'text/plain' : 'application/xml', body, revision };
  }

  /** Per device: what a push would change, against the last configuration known to run there. */
  async plan(p: Principal, fabricId: string) {
    requireFabricWide(p, 'fabric', fabricId);
    const snapshot = await this.snapshots.load(fabricId);
    if (!snapshot) throw new NotFoundError(`no fabric with id ${fabricId}`);
    const compiled = compile(snapshot);
    const ids = snapshot.devices.map((d) => d.id);
    const running = new Map((ids.length ? await this.ds.manager.findBy(DeviceConfigEntity, { deviceId: In(ids) }) : []).map((c) => [c.deviceId, c]));
    const devices = snapshot.devices
      .map((d) => {
        const desired = compiled.devices.get(d.name) as DeviceIntent;
        const known = running.get(d.id);
        const changes = diffIntent((known?.runningIntent as unknown as DeviceIntent | undefined) ?? null, desired);
        const dialect = dialectFor(d.platform);
        const base = {
          deviceId: d.id,
          device: d.name,
          role: d.role,
          platform: d.platform,
          status: changes.length === 0 ? 'in-sync' : known ? 'pending' : 'never-pushed',
          runningRevision: known?.revision ?? null,
          summary: summarize(changes),
        };
        // One device whose intent its platform cannot express does not hide the others' plans.
        try {
          return { ...base, changes: dialect.renderChanges(changes, (known?.runningIntent as unknown as DeviceIntent | undefined) ?? null, desired) };
        } catch (e) {
          if (!isDialectRefusal(e)) throw e;
          return { ...base, status: 'unrenderable', changes: '', error: (e as Error).message };
        }
      })
      .sort((a, b) => a.device.localeCompare(b.device, 'en', { numeric: true }));
    return { fabricId, revision: snapshot.revision, devices };
  }

  async routePlan(p: Principal, vpcId: string, suppression: 'on' | 'off' | undefined) {
    requireFabricWide(p, 'VPC', vpcId);
    const vpc = await this.ds.manager.findOneBy(VpcEntity, { id: vpcId });
    if (!vpc) throw new NotFoundError(`no VPC with id ${vpcId}`);
    if (vpc.attachmentMode !== 'l3-route' && suppression === 'on') {
      throw new InvalidValueError(`VPC ${vpc.name} uses l2-bridge attachment; route suppression applies to l3-route VPCs`, 'suppression');
    }
    const snapshot = await this.snapshots.load(vpc.fabricId);
    const plan = routePlan(snapshot as NonNullable<typeof snapshot>, vpcId, suppression === undefined ? vpc.routeSuppression : suppression === 'on');
    return { revision: snapshot?.revision, ...plan };
  }

  private async desired(device: DeviceEntity): Promise<{ intent: DeviceIntent; revision: number }> {
    const snapshot = await this.snapshots.load(device.fabricId);
    if (!snapshot) throw new NotFoundError(`no fabric with id ${device.fabricId}`);
    // One device's config compiles only that device: the index is shared work, the others are not.
    const me = snapshot.devices.find((d) => d.id === device.id);
    if (!me) throw new NotFoundError(`no device with id ${device.id}`);
    return { intent: compileDevice(new FabricIndex(snapshot), me), revision: snapshot.revision };
  }
}

function summarize(changes: IntentChange[]): { add: number; modify: number; remove: number } {
  const out = { add: 0, modify: 0, remove: 0 };
  for (const c of changes) out[c.op] += 1;
  return out;
}

/** A dialect that cannot express an intent (IPv6 where the syntax has no place) is the intent's problem: 422. */
function renderable(device: string, platform: string, render: () => string): string {
  try {
    return render();
  } catch (e) {
    if (!isDialectRefusal(e)) throw e;
    throw new InvalidValueError(`the configuration of ${device} cannot be expressed in ${platform}: ${(e as Error).message}`, 'format');
  }
}

const isDialectRefusal = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'UNRENDERABLE' || code === 'INVALID_CONFIG';
};
