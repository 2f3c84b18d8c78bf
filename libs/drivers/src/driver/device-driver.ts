import type { DeviceIntent, DeviceRole } from '#intent';
import type { HostKeyVerifier } from '../ssh/host-key.js';

/** How to reach one device: what the inventory and the credential vault know. */
export interface DeviceTarget {
  name: string;
  role: DeviceRole;
  platform: string;
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  /** SHA256 fingerprint pinned for this device, if one was accepted; a different key is refused. */
  pinnedHostKey?: string;
  /** Decides on the presented host key instead of `pinnedHostKey` (the controller's pin store does this). */
  verifyHostKey?: HostKeyVerifier;
  timeoutMs?: number;
}

export interface Facts {
  hostname: string;
  vendor: string;
  model: string;
  osVersion: string;
  serialNumber: string;
  uptimeSeconds: number;
  interfaces: string[];
}

export interface InterfaceState {
  name: string;
  description: string;
  adminUp: boolean;
  operUp: boolean;
  mtu: number;
  speedMbps: number;
  macAddress: string;
}

export interface InterfaceCounters {
  name: string;
  inOctets: bigint;
  outOctets: bigint;
  inPackets: bigint;
  outPackets: bigint;
  inErrors: bigint;
  outErrors: bigint;
}

export interface BgpNeighborState {
  vrf: string;
  peer: string;
  remoteAs: number | null;
  state: 'idle' | 'connect' | 'active' | 'opensent' | 'openconfirm' | 'established';
  uptimeSeconds: number;
  prefixesReceived: number;
}

export interface LldpNeighbor {
  localInterface: string;
  remoteSystem: string;
  remoteInterface: string;
}

export interface EvpnRoute {
  type: 2 | 3 | 5;
  routeDistinguisher: string;
  /** Type 2: MAC (and IP); type 3: originating router; type 5: IP prefix. */
  prefix: string;
  vni: number;
  nextHop: string;
}

export type LoadMode = 'merge' | 'replace';

/**
 * The southbound contract, shaped like NAPALM's drivers: callers speak transactions and normalized
 * getters, never a transport. Configuration is exchanged as DeviceIntent — each driver renders it in
 * its platform's dialect and parses the device's running configuration back — so drift and diffs
 * compare like with like. Every failure is a `DeviceError` whose code decides retries.
 */
export interface DeviceDriver {
  readonly platform: string;
  open(): Promise<void>;
  close(): Promise<void>;

  /** The running configuration, normalized. */
  getRunningConfig(): Promise<DeviceIntent>;
  /** Stage a configuration in the candidate (locking it): `replace` makes it the whole config, `merge` adds to it. */
  loadCandidate(intent: DeviceIntent, mode: LoadMode): Promise<void>;
  /** What committing the candidate would change, in the platform's syntax ('' when nothing). */
  compare(): Promise<string>;
  /** Commit the candidate; with `confirmTimeoutSeconds` the device rolls back unless `confirm` follows in time. */
  commit(opts?: { confirmTimeoutSeconds?: number; label?: string; persistId?: string }): Promise<void>;
  confirm(): Promise<void>;
  /** Drop the candidate and release its lock. */
  discard(): Promise<void>;
  /** Back to the configuration before the last commit (or a labelled one, where the platform keeps them). */
  rollback(label?: string): Promise<void>;

  facts(): Promise<Facts>;
  interfaces(): Promise<InterfaceState[]>;
  interfaceCounters(): Promise<InterfaceCounters[]>;
  bgpNeighbors(): Promise<BgpNeighborState[]>;
  lldpNeighbors(): Promise<LldpNeighbor[]>;
  evpnRoutes(): Promise<EvpnRoute[]>;
}

export type DriverFactory = (target: DeviceTarget) => DeviceDriver;
