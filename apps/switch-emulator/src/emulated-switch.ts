import { join } from 'node:path';
import type { DeviceRole } from '#intent';
import { CliServer } from './cli/cli-server.js';
import { DeviceRpcHandler } from './device/device-rpc-handler.js';
import { SwitchConfigStore } from './device/switch-config-store.js';
import { NetconfServer } from './netconf/netconf-server.js';
import type { SshUser } from './ssh/ssh-users.js';

export interface EmulatedSwitchOptions {
  name: string;
  role: DeviceRole;
  /** 0 picks a free port. */
  netconfPort: number;
  cliPort: number;
  host?: string;
  users: readonly SshUser[];
  /** Keeps the SSH host key (one per switch, shared by its NETCONF and CLI endpoints). */
  stateDir: string;
  log?: (message: string) => void;
}

/** One emulated switch: one configuration, seen through NETCONF and through the CLI. */
export interface EmulatedSwitch {
  name: string;
  store: SwitchConfigStore;
  netconf: NetconfServer;
  cli: CliServer;
  close(): Promise<void>;
}

export async function startEmulatedSwitch(o: EmulatedSwitchOptions): Promise<EmulatedSwitch> {
  const store = new SwitchConfigStore({ device: o.name, role: o.role });
  const hostKeyPath = join(o.stateDir, 'ssh_host_ed25519_key');
  const common = { host: o.host ?? '127.0.0.1', hostKeyPath, users: o.users, ...(o.log ? { log: o.log } : {}) };
  const netconf = await NetconfServer.start({ ...common, port: o.netconfPort, handler: new DeviceRpcHandler(store) });
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
    close: async () => {
      await cli.close();
      await netconf.close();
      store.dispose();
    },
  };
}
