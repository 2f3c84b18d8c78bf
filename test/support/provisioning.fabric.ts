import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ceNetconfDialect } from '#dialects';
import { type DeviceIntent, canonicalize } from '#intent';
import { type ApiClient, expectStatus } from '#testing';
import { type EmulatedSwitch, startEmulatedSwitch } from '../../apps/switch-emulator/src/emulated-switch.js';

type Json = Record<string, any>;
const USER = { username: 'admin', password: 'push-test-password' };

export interface SwitchedDevice {
  device: Json;
  sw: EmulatedSwitch;
}

/** A fabric whose devices are emulated switches on loopback, registered through the API (platform ce-netconf). */
export class EmulatedFabric {
  readonly devices: SwitchedDevice[] = [];
  fabric!: Json;
  private readonly stateRoot = mkdtempSync(join(tmpdir(), 'spinel-push-'));

  constructor(private readonly api: ApiClient) {}

  async create(spines: number, leaves: number): Promise<this> {
    const n = Math.floor(Math.random() * 200) + 1;
    this.fabric = expectStatus(await this.api.post('/fabrics', { name: `push-${n}-${Date.now()}`, asn: 65000 }), 201);
    const roles: [string, number][] = [
      ['spine', spines],
      ['leaf', leaves],
    ];
    for (const [role, count] of roles) {
      for (let i = 1; i <= count; i++) {
        const name = `${role}-${i}`;
        const sw = await startEmulatedSwitch({ name, role: role as 'spine' | 'leaf', netconfPort: 0, cliPort: 0, users: [USER], stateDir: join(this.stateRoot, name) });
        this.devices.push({ sw, device: {} });
        const device = expectStatus(
          await this.api.post('/devices', {
            fabricId: this.fabric.id,
            name,
            role,
            platform: 'ce-netconf',
            managementHost: '127.0.0.1',
            managementPort: sw.netconf.port,
            username: USER.username,
            password: USER.password,
            loopbackIp: `10.${n}.${role === 'spine' ? 0 : 1}.${i}`,
          }),
          201,
        );
        this.devices[this.devices.length - 1]!.device = device;
      }
    }
    // Every leaf cabled to every spine.
    const spineList = this.devices.filter((d) => d.device.role === 'spine');
    const leafList = this.devices.filter((d) => d.device.role === 'leaf');
    for (const [s, spine] of spineList.entries()) {
      for (const [l, leaf] of leafList.entries()) {
        expectStatus(await this.api.post('/links', { aDeviceId: spine.device.id, aInterface: `10GE1/0/${l + 1}`, bDeviceId: leaf.device.id, bInterface: `10GE1/0/${49 + s}` }), 201);
      }
    }
    return this;
  }

  get leaves(): SwitchedDevice[] {
    return this.devices.filter((d) => d.device.role === 'leaf');
  }

  /** What the switch runs now, parsed like the driver does (undefined: its factory configuration). */
  running(d: SwitchedDevice): DeviceIntent | undefined {
    const data = d.sw.store.toData('running');
    try {
      return canonicalize(ceNetconfDialect.parse(data, { device: d.device.name, role: d.device.role }));
    } catch {
      return undefined;
    }
  }

  async desired(d: SwitchedDevice): Promise<DeviceIntent> {
    return canonicalize(expectStatus(await this.api.get(`/devices/${d.device.id}/config?format=json`), 200) as DeviceIntent);
  }

  /** Every switch runs its desired configuration, and the plan shows every device in sync. */
  async expectConverged(): Promise<void> {
    for (const d of this.devices) expect(this.running(d), d.device.name).toEqual(await this.desired(d));
    const plan = expectStatus(await this.api.get(`/fabrics/${this.fabric.id}/plan`), 200);
    expect(plan.devices.map((d: Json) => [d.device, d.status])).toEqual(this.sortedNames().map((n) => [n, 'in-sync']));
    for (const d of this.devices) expect(expectStatus(await this.api.get(`/devices/${d.device.id}/sync`), 200)).toMatchObject({ state: 'in-sync', revision: plan.revision });
  }

  /** Every switch's running configuration (as XML data), to compare before and after. */
  snapshot(): Map<string, string> {
    return new Map(this.devices.map((d) => [d.device.name, d.sw.store.toData('running')]));
  }

  commitCounts(): Map<string, number> {
    return new Map(this.devices.map((d) => [d.device.name, d.sw.store.commitLog.length]));
  }

  private sortedNames(): string[] {
    return this.devices.map((d) => d.device.name as string).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }

  async close(): Promise<void> {
    for (const d of this.devices) await d.sw.close();
    rmSync(this.stateRoot, { recursive: true, force: true });
  }
}
