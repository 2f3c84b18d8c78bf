import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceRole } from '#intent';
import { XmlElement } from '#drivers';
import { readEditTree } from '../../src/device/config-tree.js';
import { SwitchConfigStore } from '../../src/device/switch-config-store.js';
import { type Cable, connectPorts } from '../../src/oper/cabling.js';
import { SwitchOperations } from '../../src/oper/switch-operations.js';

const REPO_ROOT = join(import.meta.dirname, '../../../..');
const ADMIN = { sessionId: 1, username: 'admin' };
/**
 * Short BGP timers: sessions come up on messages, these only pace retries and keepalives. The
 * hold time stays long enough that a busy test process never drops a healthy session.
 */
export const FAST_TIMERS = { keepaliveMs: 50, holdMs: 3_000, lldpIntervalMs: 1_000 };

/** `fixtures/ce-netconf/<case>/<device>.xml`: a full configuration the compiler produced. */
export function fixtureConfig(caseName: string, device: string): string {
  return readFileSync(join(REPO_ROOT, 'fixtures/ce-netconf', caseName, `${device}.xml`), 'utf8');
}

export function fixtureDevices(caseName: string): string[] {
  return readdirSync(join(REPO_ROOT, 'fixtures/ce-netconf', caseName)).map((f) => f.replace(/\.xml$/, '')).sort();
}

export const roleOf = (device: string): DeviceRole => (device.startsWith('spine') ? 'spine' : device.startsWith('worker') ? 'vswitch' : 'leaf');

/** Writes a full configuration to running, as an edit-config with default-operation replace. */
export function pushConfig(store: SwitchConfigStore, xml: string): void {
  store.editConfig(ADMIN, 'running', readEditTree(XmlElement.parseDocument(xml)), { defaultOperation: 'replace' });
}

/** The cables a fixture's link descriptions imply: `to spine-1 10GE1/0/1` on leaf-1 100GE1/0/1. */
export function fixtureCabling(caseName: string, devices: readonly string[]): [string, string, string, string][] {
  const cables: [string, string, string, string][] = [];
  const seen = new Set<string>();
  for (const device of devices) {
    const root = XmlElement.parseDocument(fixtureConfig(caseName, device));
    for (const i of root.child('interfaces')?.children() ?? []) {
      const m = /^to (\S+) (\S+)$/.exec(i.child('config')?.child('description')?.text() ?? '');
      const port = i.child('name')?.text();
      if (!m || !port || !devices.includes(m[1]!)) continue;
      const [a, b] = [`${device} ${port}`, `${m[1]} ${m[2]}`].sort();
      if (seen.has(`${a}|${b}`)) continue;
      seen.add(`${a}|${b}`);
      cables.push([device, port, m[1]!, m[2]!]);
    }
  }
  return cables;
}

/** Switches of one process, configured from a fixture case and cabled as its descriptions say. */
export class OperFabric {
  readonly cables = new Map<string, Cable>();

  private constructor(readonly switches: Map<string, { store: SwitchConfigStore; oper: SwitchOperations }>) {}

  static build(caseName: string, devices = fixtureDevices(caseName), timers: Partial<typeof FAST_TIMERS> = {}): OperFabric {
    const switches = new Map(
      devices.map((d) => {
        const store = new SwitchConfigStore({ device: d, role: roleOf(d) });
        return [d, { store, oper: new SwitchOperations({ store, role: roleOf(d), timers: { ...FAST_TIMERS, ...timers } }) }] as const;
      }),
    );
    const fabric = new OperFabric(switches);
    // Configured first: a vswitch's uplink exists once its configuration names it.
    for (const d of devices) pushConfig(fabric.store(d), fixtureConfig(caseName, d));
    for (const [a, pa, b, pb] of fixtureCabling(caseName, devices)) fabric.cables.set(`${a} ${pa}`, connectPorts(fabric.oper(a), pa, fabric.oper(b), pb));
    return fabric;
  }

  oper(device: string): SwitchOperations {
    return this.switches.get(device)!.oper;
  }

  store(device: string): SwitchConfigStore {
    return this.switches.get(device)!.store;
  }

  close(): void {
    for (const { oper, store } of this.switches.values()) {
      oper.close();
      store.dispose();
    }
  }
}

/** Polls `check` until it passes (returns normally), or fails with its last error after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
