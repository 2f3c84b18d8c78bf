import { join } from 'node:path';
import type { DeviceRole } from '#intent';
import { CliServer } from './cli/cli-server.js';
import { DeviceRpcHandler } from './device/device-rpc-handler.js';
import { SwitchConfigStore } from './device/switch-config-store.js';
import { NetconfServer } from './netconf/netconf-server.js';
import { type BgpTimers, SwitchOperations } from './oper/switch-operations.js';
import { type CableSpec, WireEndpoint } from './oper/wire-endpoint.js';
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
  /** TCP port (on `host`) where other emulators' cables dial in; 0 picks one; absent: none. */
  wirePort?: number;
  /** Cables to other emulators' wire ports, dialed at start and redialed when they drop. */
  cables?: readonly CableSpec[];
  /** Pause before redialing a cable (default 500 ms). */
  wireReconnectMs?: number;
}

/** One emulated switch: one configuration, seen through NETCONF and through the CLI. */
export interface EmulatedSwitch {
  name: string;
  store: SwitchConfigStore;
  netconf: NetconfServer;
  cli: CliServer;
  /** The switch's live state (interfaces, cabling, BGP, EVPN, VXLAN); cable it with `connectPorts`. */
  oper: SwitchOperations;
  /** Cables to other processes: the listener (`wire.port`) and the dialed cables. */
  wire: WireEndpoint;
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
  let wire: WireEndpoint;
  try {
    cli = await CliServer.start({ ...common, port: o.cliPort, store, oper });
  } catch (e) {
    await netconf.close();
    oper.close();
    throw e;
  }
  try {
    wire = await WireEndpoint.start(oper, { host: common.host, ...(o.wirePort !== undefined ? { port: o.wirePort } : {}), ...(o.wireReconnectMs !== undefined ? { reconnectMs: o.wireReconnectMs } : {}), ...(o.log ? { log: o.log } : {}) });
    for (const cable of o.cables ?? []) wire.dial(cable);
  } catch (e) {
    await cli.close();
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
    wire,
    close: async () => {
      await wire.close();
      oper.close();
      await cli.close();
      await netconf.close();
      store.dispose();
    },
  };
}
