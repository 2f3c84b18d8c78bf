import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultRegistry } from '#drivers';
import type { DeviceIntent } from '#intent';
import { type ApiClient, aFabric, expectStatus, seed } from '#testing';
import { type EmulatedSwitch, startEmulatedSwitch } from '../../apps/switch-emulator/src/emulated-switch.js';

type Json = Record<string, any>;
const USER = { username: 'admin', password: 'drift-password' };

/** A spine and a leaf registered as ce-netconf devices, each an emulated switch on a loopback port; the leaf carries one tenant port. */
export interface SwitchedFabric {
  fabric: Json;
  leaf: Json;
  spine: Json;
  logicalSwitch: Json;
  switches: Map<string, EmulatedSwitch>;
  /** Configure a switch directly over NETCONF (as the push pipeline would), behind the controller's back. */
  configure(device: Json, intent: DeviceIntent): Promise<void>;
  /** The device's desired configuration, compiled by the controller. */
  desired(device: Json): Promise<DeviceIntent>;
  close(): Promise<void>;
}

export async function aSwitchedFabric(api: ApiClient): Promise<SwitchedFabric> {
  const stateDir = mkdtempSync(join(tmpdir(), 'spinel-drift-sw-'));
  const switches = new Map<string, EmulatedSwitch>();
  const close = async () => {
    for (const sw of switches.values()) await sw.close();
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    const { fabric, spines, leaves } = await aFabric().withSpines(1).withLeaves(1).create(api);
    const spine = spines[0] as Json;
    const leaf = leaves[0] as Json;
    for (const d of [spine, leaf]) {
      const sw = await startEmulatedSwitch({ name: d.name, role: d.role, netconfPort: 0, cliPort: 0, users: [USER], stateDir: join(stateDir, d.name) });
      switches.set(d.id, sw);
      expectStatus(await api.patch(`/devices/${d.id}`, { managementPort: sw.netconf.port, password: USER.password }), 200);
    }
    await seed.link(api, leaf, '100GE1/0/1', spine, '100GE1/0/1');
    const { vpc } = await seed.tenantVpc(api, fabric.id, { cidrs: ['10.40.0.0/16'] });
    const logicalSwitch = await seed.logicalSwitch(api, vpc.id, { subnet: '10.40.1.0/24' });
    await seed.port(api, logicalSwitch.id, { binding: { kind: 'leaf-interface', deviceId: leaf.id, interfaceName: '10GE1/0/1', vlan: 100 } });
    const registry = createDefaultRegistry({ reconnect: { attempts: 1 } });
    const configure = async (device: Json, intent: DeviceIntent) => {
      const sw = switches.get(device.id) as EmulatedSwitch;
      const driver = registry.driverFor({ name: device.name, role: device.role, platform: 'ce-netconf', host: '127.0.0.1', port: sw.netconf.port, ...USER, verifyHostKey: () => true });
      await driver.open();
      try {
        await driver.loadCandidate(intent, 'replace');
        await driver.commit();
      } finally {
        await driver.close();
      }
    };
    const desired = async (device: Json) => expectStatus(await api.get(`/devices/${device.id}/config?format=json`), 200) as DeviceIntent;
    return { fabric, leaf, spine, logicalSwitch, switches, configure, desired, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Wait for a condition the controller reaches in the background (a scheduled job); fails after ~60 s. */
export async function eventually<T>(what: string, read: () => Promise<T>, done: (t: T) => boolean): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 600; i++) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not reached; last seen ${JSON.stringify(last)}`);
}
