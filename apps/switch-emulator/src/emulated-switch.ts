import { join } from 'node:path';
import type { DeviceRole } from '#intent';
import { CliServer } from './cli/cli-server.js';
import { DeviceRpcHandler } from './device/device-rpc-handler.js';
import { SwitchConfigStore } from './device/switch-config-store.js';
import { NetconfServer } from './netconf/netconf-server.js';
import { type BgpTimers, SwitchOperations } from './oper/switch-operations.js';
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
  /** BGP keepalive/hold timers (defaults 10 s / 30 s; tests use short ones). */
  bgpTimers?: Partial<BgpTimers>;
}

/** One emulated switch: one configuration, seen through NETCONF and through the CLI. */
export interface EmulatedSwitch {
  name: string;
  store: SwitchConfigStore;
  netconf: NetconfServer;
  cli: CliServer;
  /** The switch's live state (interfaces, cabling, BGP, EVPN, VXLAN); cable it with `connectPorts`. */
  oper: SwitchOperations;
  close(): Promise<void>;
}

export async function startEmulatedSwitch(o: EmulatedSwitchOptions): Promise<EmulatedSwitch> {
  const store = new SwitchConfigStore({ device: o.name, role: o.role });
  const hostKeyPath = join(o.stateDir, 'ssh_host_ed25519_key');
  const common = { host: o.host ?? '127.0.0.1', hostKeyPath, users: o.users, ...(o.log ? { log: o.log } : {}) };
  const oper = new SwitchOperations({ store, role: o.role, ...(o.bgpTimers ? { timers: o.bgpTimers } : {}), ...(o.log ? { log: o.log } : {}) });
  let netconf: NetconfServer;
  try {
    netconf = await NetconfServer.start({ ...common, port: o.netconfPort, handler: new DeviceRpcHandler(store, oper) });
  } catch (e) {
    oper.close();
    throw e;
  }
  let cli: CliServer;
  try {
    cli = await CliServer.start({ ...common, port: o.cliPort, store, oper });
  } catch (e) {
    await netconf.close();
    oper.close();
    throw e;
  }
  return {
    name: o.name,
    store,
    netconf,
    cli,
    oper,
    close: async () => {
      oper.close();
      await cli.close();
      await netconf.close();
      store.dispose();
    },
  };
}
