import { relative } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { SpinelConfig } from '../config.js';
import { type DemoInventory, DemoInventorySeeder, seedRecordFile } from './demo-inventory.js';
import { type DemoFabricPlan, demoFabricPlan } from './demo-fabric.plan.js';
import { type DemoSwitches, startDemoSwitches, switchesDir } from './demo-switches.js';

export interface RunningDemoFabric {
  plan: DemoFabricPlan;
  switches: DemoSwitches;
  inventory: DemoInventory;
  /** What to print at start: the switches, their ports, how to reach them. */
  summary(apiUrl: string): string;
  /** Stops the emulators (every listener closed). Idempotent. */
  close(): Promise<void>;
}

/**
 * The demo fabric beside a running controller: six emulated switches cabled spine-leaf on
 * 127.0.0.1, and, on the first start, their inventory (fabric `demo`, devices, links, host-key pins).
 */
export async function startDemoFabric(app: INestApplication, config: SpinelConfig): Promise<RunningDemoFabric> {
  const plan = demoFabricPlan(config.demoFabric.basePort);
  const switches = await startDemoSwitches(plan, config.dataDir);
  try {
    const inventory = await new DemoInventorySeeder(app).ensure(plan, seedRecordFile(switchesDir(config.dataDir)), switches.password, switches.hostKeys);
    return { plan, switches, inventory, summary: (url) => summarize(plan, switches, inventory, url), close: () => switches.close() };
  } catch (e) {
    await switches.close();
    throw e;
  }
}

function summarize(plan: DemoFabricPlan, switches: DemoSwitches, inventory: DemoInventory, apiUrl: string): string {
  const passwordFile = relativeOrAbsolute(switches.passwordFile);
  const rows = plan.switches.map(
    (s) => `    ${s.name.padEnd(8)} ${s.role.padEnd(6)} ${s.platform.padEnd(11)} NETCONF 127.0.0.1:${s.netconfPort}  CLI 127.0.0.1:${s.cliPort}  ${switches.hostKeys.get(s.name)}`,
  );
  const leaf1 = plan.switches.find((s) => s.name === 'leaf-1')!;
  const leaf3 = plan.switches.find((s) => s.name === 'leaf-3')!;
  const spine1 = plan.switches.find((s) => s.name === 'spine-1')!;
  const state = inventory.seeded
    ? `seeded now as fabric "${plan.fabric.name}" (revision ${inventory.record.revision})`
    : `fabric "${plan.fabric.name}" seeded ${inventory.record.seededAt}; left as the operator has it`;
  return [
    '',
    `  Demo fabric: ${plan.switches.length} emulated switches on 127.0.0.1, every leaf cabled to both spines; inventory ${state}.`,
    '',
    ...rows,
    '',
    `    user ${plan.username}, password in ${passwordFile}`,
    `    curl -H "Authorization: Bearer $TOKEN" ${apiUrl}/api/v1/devices      # TOKEN: the admin token printed at the first start (or SPINEL_ADMIN_TOKEN)`,
    `    DEVICE_PASSWORD=$(cat ${passwordFile}) npx spinel device call --platform ce-netconf --host 127.0.0.1 --port ${leaf1.netconfPort} --user ${plan.username} --password-env DEVICE_PASSWORD facts`,
    `    DEVICE_PASSWORD=$(cat ${passwordFile}) npx spinel device call --platform ce-netconf --host 127.0.0.1 --port ${spine1.netconfPort} --user ${plan.username} --password-env DEVICE_PASSWORD lldp-neighbors`,
    `    ssh -p ${leaf3.cliPort} ${plan.username}@127.0.0.1      # the VRP-style CLI: display lldp neighbor brief`,
    `    ssh -p ${leaf1.netconfPort} -s ${plan.username}@127.0.0.1 netconf      # NETCONF`,
    '',
    '',
  ].join('\n');
}

function relativeOrAbsolute(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
