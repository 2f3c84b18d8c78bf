import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceRole } from '#intent';
import { CliServer } from './cli/cli-server.js';
import { DeviceRpcHandler } from './device/device-rpc-handler.js';
import { SwitchConfigStore } from './device/switch-config-store.js';
import { NetconfServer } from './netconf/netconf-server.js';
import { SwitchStateFile } from './device/persistence.js';
import { withFaultRpcs } from './faults/fault-rpc-handler.js';
import { SwitchFaults, type SwitchFaultSettings } from './faults/switch-faults.js';
import type { SshUser } from './ssh/ssh-users.js';

export interface EmulatedSwitchOptions {
  name: string;
  role: DeviceRole;
  /** 0 picks a free port. */
  netconfPort: number;
  cliPort: number;
  host?: string;
  users: readonly SshUser[];
  /**
   * Keeps the SSH host key (one per switch, shared by its NETCONF and CLI endpoints) and the
   * running configuration with the newest commit records (switch-config.json, restored at start).
   */
  stateDir: string;
  /** Faults played from the start (`--fault`); changed later through `faults` or `<set-faults>`. */
  faults?: SwitchFaultSettings;
  log?: (message: string) => void;
}

/** One emulated switch: one configuration, seen through NETCONF and through the CLI. */
export interface EmulatedSwitch {
  name: string;
  store: SwitchConfigStore;
  netconf: NetconfServer;
  cli: CliServer;
  /** The faults it plays now: `sw.faults.set({ latencyMs: 200 })`, `sw.faults.clear()`. */
  faults: SwitchFaults;
  close(): Promise<void>;
}

export async function startEmulatedSwitch(o: EmulatedSwitchOptions): Promise<EmulatedSwitch> {
  const faults = new SwitchFaults(o.faults);
  mkdirSync(o.stateDir, { recursive: true });
  // Reads switch-config.json first: an unreadable one fails the start before any port opens.
  const persistence = new SwitchStateFile(o.stateDir, o.name);
  const store = new SwitchConfigStore({ device: o.name, role: o.role }, { persistence, commitFault: () => faults.takeCommitFailure() });
  const hostKeyPath = join(o.stateDir, 'ssh_host_ed25519_key');
  const common = { host: o.host ?? '127.0.0.1', hostKeyPath, users: o.users, faults, ...(o.log ? { log: o.log } : {}) };
  const netconf = await NetconfServer.start({ ...common, port: o.netconfPort, handler: withFaultRpcs(new DeviceRpcHandler(store), faults) });
  let cli: CliServer;
  try {
    cli = await CliServer.start({ ...common, port: o.cliPort, store });
  } catch (e) {
    await netconf.close();
    throw e;
  }
  return {
    name: o.name,
    store,
    netconf,
    cli,
    faults,
    close: async () => {
      await cli.close();
      await netconf.close();
      store.dispose();
    },
  };
}
