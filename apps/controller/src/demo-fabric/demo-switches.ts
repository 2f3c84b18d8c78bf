import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EmulatedSwitch, startEmulatedSwitch } from '../../../switch-emulator/src/emulated-switch.js';
import { type Cable, connectPorts } from '../../../switch-emulator/src/oper/cabling.js';
import type { DemoFabricPlan, DemoSwitch } from './demo-fabric.plan.js';

/** The running emulators of the demo fabric, cabled as the plan says. */
export interface DemoSwitches {
  /** By switch name. */
  switches: Map<string, EmulatedSwitch>;
  /** The SSH host-key fingerprint each switch presents (the same on its NETCONF and CLI ports). */
  hostKeys: Map<string, string>;
  password: string;
  passwordFile: string;
  /** Pulls the cables and closes every listener. Idempotent. */
  close(): Promise<void>;
}

/** Where the demo switches keep their state: `<dataDir>/switches/<name>` (host key, running config). */
export const switchesDir = (dataDir: string): string => join(dataDir, 'switches');

/**
 * Starts the six emulators on 127.0.0.1 with their state under the data directory (so host keys
 * and configurations survive a restart) and cables them. A port already taken fails the start with
 * a message naming the port and the two ways out; whatever started is stopped again.
 */
export async function startDemoSwitches(plan: DemoFabricPlan, dataDir: string, log?: (message: string) => void): Promise<DemoSwitches> {
  const dir = switchesDir(dataDir);
  const passwordFile = join(dir, 'password');
  const password = demoPassword(passwordFile);
  const users = [{ username: plan.username, password }];
  const switches = new Map<string, EmulatedSwitch>();
  const cables: Cable[] = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const c of cables) c.disconnect();
    for (const sw of [...switches.values()].reverse()) await sw.close();
  };
  try {
    for (const s of plan.switches) {
      switches.set(s.name, await startOne(s, join(dir, s.name), users, log));
    }
    for (const l of plan.links) {
      cables.push(connectPorts(switches.get(l.a)!, l.aInterface, switches.get(l.b)!, l.bInterface));
    }
  } catch (e) {
    await close();
    throw e;
  }
  const hostKeys = new Map([...switches].map(([name, sw]) => [name, sw.netconf.hostKey.fingerprint]));
  return { switches, hostKeys, password, passwordFile, close };
}

async function startOne(s: DemoSwitch, stateDir: string, users: { username: string; password: string }[], log?: (message: string) => void): Promise<EmulatedSwitch> {
  try {
    return await startEmulatedSwitch({
      name: s.name,
      role: s.role,
      netconfPort: s.netconfPort,
      cliPort: s.cliPort,
      host: '127.0.0.1',
      users,
      stateDir,
      ...(log ? { log: (m: string) => log(`${s.name}: ${m}`) } : {}),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { port?: number };
    if (err.code === 'EADDRINUSE') {
      const port = err.port ?? `${s.netconfPort} or ${s.cliPort}`;
      const which = err.port === s.cliPort ? 'CLI' : err.port === s.netconfPort ? 'NETCONF' : 'NETCONF/CLI';
      throw new Error(
        `demo fabric: 127.0.0.1:${port} (${which} port of ${s.name}) is already in use; ` +
          'choose another range with SPINEL_DEMO_BASE_PORT=<port> (the demo uses that port and the 15 above it), ' +
          'or run without the demo fabric with SPINEL_DEMO_FABRIC=0',
      );
    }
    throw new Error(`demo fabric: ${s.name} did not start: ${err.message}`);
  }
}

/** The switches' login password: generated once into the data directory (mode 0600), then reused. */
function demoPassword(file: string): string {
  if (!existsSync(file)) {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  const password = readFileSync(file, 'utf8').trim();
  if (!password) throw new Error(`demo fabric: ${file} is empty; delete it to generate a new switch password`);
  return password;
}
