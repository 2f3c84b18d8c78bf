import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceRole } from '#intent';
import { CliServer } from './cli/cli-server.js';
import { DeviceRpcHandler } from './device/device-rpc-handler.js';
import { SwitchStateFile } from './device/persistence.js';
import { SwitchConfigStore } from './device/switch-config-store.js';
import { withFaultRpcs } from './faults/fault-rpc-handler.js';
import { SwitchFaults, type SwitchFaultSettings } from './faults/switch-faults.js';
import { NetconfServer } from './netconf/netconf-server.js';
import { type BgpTimers, SwitchOperations } from './oper/switch-operations.js';
import { type CableSpec, WireEndpoint } from './oper/wire-endpoint.js';
import { type SnmpAgent, startSnmpAgent } from './snmp/snmp-agent.js';
import type { SnmpAgentSettings } from './snmp/snmp-agent-options.js';
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
  /** BGP keepalive/hold timers (defaults 10 s / 30 s; tests use short ones). */
  bgpTimers?: Partial<BgpTimers>;
  /** TCP port (on `host`) where other emulators' cables dial in; 0 picks one; absent: none. */
  wirePort?: number;
  /** Cables to other emulators' wire ports, dialed at start and redialed when they drop. */
  cables?: readonly CableSpec[];
  /** Pause before redialing a cable (default 500 ms). */
  wireReconnectMs?: number;
  /** The SNMPv2c agent (`--snmp-port`, `--snmp-community`, `--trap-receiver`); absent: no agent. */
  snmp?: SnmpAgentSettings;
}

/** One emulated switch: one configuration, seen through NETCONF, the CLI and SNMP. */
export interface EmulatedSwitch {
  name: string;
  store: SwitchConfigStore;
  netconf: NetconfServer;
  cli: CliServer;
  /** The faults it plays now: `sw.faults.set({ latencyMs: 200 })`, `sw.faults.clear()`. */
  faults: SwitchFaults;
  /** The switch's live state (interfaces, cabling, BGP, EVPN, VXLAN); cable it with `connectPorts`. */
  oper: SwitchOperations;
  /** Cables to other processes: the listener (`wire.port`) and the dialed cables. */
  wire: WireEndpoint;
  /** The SNMP agent, when one was asked for. */
  snmp: SnmpAgent | undefined;
  close(): Promise<void>;
}

export async function startEmulatedSwitch(o: EmulatedSwitchOptions): Promise<EmulatedSwitch> {
  const faults = new SwitchFaults(o.faults);
  mkdirSync(o.stateDir, { recursive: true });
  // Reads switch-config.json first: an unreadable one fails the start before any port opens.
  const persistence = new SwitchStateFile(o.stateDir, o.name);
  const store = new SwitchConfigStore({ device: o.name, role: o.role }, { persistence, commitFault: () => faults.takeCommitFailure() });
  const hostKeyPath = join(o.stateDir, 'ssh_host_ed25519_key');
  const host = o.host ?? '127.0.0.1';
  const common = { host, hostKeyPath, users: o.users, faults, ...(o.log ? { log: o.log } : {}) };
  const oper = new SwitchOperations({ store, role: o.role, ...(o.bgpTimers ? { timers: o.bgpTimers } : {}), ...(o.log ? { log: o.log } : {}) });

  // Started in order; whatever started is stopped again if a later part fails.
  const started: Array<() => Promise<void> | void> = [() => oper.close()];
  let closed = false;
  const undo = async () => {
    if (closed) return;
    closed = true;
    for (const stop of [...started].reverse()) await stop();
    store.dispose();
  };
  try {
    const netconf = await NetconfServer.start({ ...common, port: o.netconfPort, handler: withFaultRpcs(new DeviceRpcHandler(store, oper), faults) });
    started.push(() => netconf.close());
    const cli = await CliServer.start({ ...common, port: o.cliPort, store, oper });
    started.push(() => cli.close());
    const wire = await WireEndpoint.start(oper, {
      host,
      ...(o.wirePort !== undefined ? { port: o.wirePort } : {}),
      ...(o.wireReconnectMs !== undefined ? { reconnectMs: o.wireReconnectMs } : {}),
      ...(o.log ? { log: o.log } : {}),
    });
    started.push(() => wire.close());
    for (const cable of o.cables ?? []) wire.dial(cable);
    const snmp = o.snmp ? await startSnmpAgent({ host, ...o.snmp, view: oper, ...(o.log ? { log: o.log } : {}) }) : undefined;
    if (snmp) started.push(() => snmp.close());
    return { name: o.name, store, netconf, cli, faults, oper, wire, snmp, close: undo };
  } catch (e) {
    await undo();
    throw e;
  }
}
