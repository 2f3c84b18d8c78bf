import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DeviceEntity, FabricEntity } from '#persistence';
import { DataSource } from 'typeorm';
import { type Principal, SYSTEM_PRINCIPAL } from '../auth/principal.js';
import { HostKeyService } from '../host-keys/host-key.service.js';
import { IntentWriter } from '../intent/intent-writer.js';
import type { IntentRecord } from '#persistence';
import { ViewRegistry } from '../intent/view-registry.js';
import type { DemoFabricPlan } from './demo-fabric.plan.js';

/** What the first start seeded, kept beside the switches: its presence means "never seed again". */
export interface DemoSeedRecord {
  fabricId: string;
  /** Device ids by the name they were seeded with (the operator may rename them since). */
  devices: Record<string, string>;
  seededAt: string;
  revision: number | null;
}

export interface DemoInventory {
  record: DemoSeedRecord;
  /** True on the start that seeded it; false when it was already there. */
  seeded: boolean;
  /** Problems worth a warning (a switch whose key no longer matches its pin, an inventory found without a record). */
  warnings: string[];
}

const SEED_PRINCIPAL: Principal = { ...SYSTEM_PRINCIPAL, name: 'demo-fabric' };

/**
 * Seeds the demo fabric into the inventory through the controller's own intent path (one audited
 * revision: the fabric, its devices with sealed passwords, its links), on the first start only.
 * Afterwards the inventory is the operator's: nothing is re-created, renamed or overwritten.
 */
export class DemoInventorySeeder {
  private readonly ds: DataSource;
  private readonly writer: IntentWriter;
  private readonly registry: ViewRegistry;
  private readonly hostKeys: HostKeyService;

  constructor(app: INestApplication) {
    this.ds = app.get(DataSource);
    this.writer = app.get(IntentWriter);
    this.registry = app.get(ViewRegistry);
    this.hostKeys = app.get(HostKeyService);
  }

  async ensure(plan: DemoFabricPlan, recordFile: string, password: string, hostKeys: Map<string, string>): Promise<DemoInventory> {
    const known = readRecord(recordFile);
    if (known) return { record: known, seeded: false, warnings: await this.checkPins(known, hostKeys) };
    const existing = await this.ds.manager.findOneBy(FabricEntity, { name: plan.fabric.name });
    if (existing) {
      // Seeded by an earlier start whose record is gone, or the operator's own fabric: leave it be.
      const devices = await this.ds.manager.findBy(DeviceEntity, { fabricId: existing.id });
      const record: DemoSeedRecord = { fabricId: existing.id, devices: Object.fromEntries(devices.map((d) => [d.name, d.id])), seededAt: existing.createdAt.toISOString(), revision: null };
      writeRecord(recordFile, record);
      return { record, seeded: false, warnings: [`a fabric named ${plan.fabric.name} already exists; the demo fabric left the inventory as it is`] };
    }
    const record = await this.seed(plan, password);
    // Trust on first use, done here where the key is read from the switch itself rather than off the wire.
    for (const [name, id] of Object.entries(record.devices)) {
      const fingerprint = hostKeys.get(name);
      if (fingerprint) await this.hostKeys.verify(id, fingerprint);
    }
    writeRecord(recordFile, record);
    return { record, seeded: true, warnings: [] };
  }

  private async seed(plan: DemoFabricPlan, password: string): Promise<DemoSeedRecord> {
    const { result, revision } = await this.writer.write(SEED_PRINCIPAL, 'seed the demo fabric', async (tx) => {
      const create = async (kind: string, dto: object): Promise<IntentRecord> => {
        const created = await this.registry.hooks(kind).create(tx, dto);
        await tx.track(kind, 'create', created, null);
        return created;
      };
      const fabric = await create('fabric', { ...plan.fabric, description: 'Emulated demo fabric started by npm start (docs/demo-fabric.md)' });
      const devices: Record<string, string> = {};
      for (const s of plan.switches) {
        const d = await create('device', {
          fabricId: fabric.id,
          name: s.name,
          role: s.role,
          platform: s.platform,
          managementHost: '127.0.0.1',
          managementPort: s.managementPort,
          username: plan.username,
          password,
          loopbackIp: s.loopbackIp,
        });
        devices[s.name] = d.id;
      }
      for (const l of plan.links) {
        await create('link', { aDeviceId: devices[l.a], aInterface: l.aInterface, bDeviceId: devices[l.b], bInterface: l.bInterface });
      }
      return { fabricId: fabric.id, devices };
    });
    return { ...result, seededAt: new Date().toISOString(), revision };
  }

  /** Keys are stable across restarts; a switch whose state directory was wiped presents a new one, which the pin refuses. */
  private async checkPins(record: DemoSeedRecord, hostKeys: Map<string, string>): Promise<string[]> {
    const warnings: string[] = [];
    for (const [name, id] of Object.entries(record.devices)) {
      const presented = hostKeys.get(name);
      const device = await this.ds.manager.findOneBy(DeviceEntity, { id });
      if (!presented || !device) continue;
      const pin = await this.hostKeys.get(id);
      if (pin.pinnedFingerprint && pin.pinnedFingerprint !== presented) {
        warnings.push(`switch ${name} presents host key ${presented}, not the pinned ${pin.pinnedFingerprint}; if its state directory was reset, accept it with POST /api/v1/devices/${id}/host-key/accept`);
      }
    }
    return warnings;
  }
}

function readRecord(file: string): DemoSeedRecord | null {
  if (!existsSync(file)) return null;
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoSeedRecord>;
    if (typeof r.fabricId === 'string' && r.devices && typeof r.devices === 'object') return r as DemoSeedRecord;
  } catch {
    // fall through to the error below
  }
  throw new Error(`demo fabric: ${file} is unreadable; delete it to have the inventory checked again (an existing fabric "demo" is never overwritten)`);
}

function writeRecord(file: string, record: DemoSeedRecord): void {
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
}

export const seedRecordFile = (switchesDirectory: string): string => join(switchesDirectory, 'inventory.json');
