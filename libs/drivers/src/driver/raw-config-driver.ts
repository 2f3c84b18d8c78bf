import type { DeviceTarget, LoadMode } from './device-driver.js';

/** What a NETCONF device says about itself in its hello: all a model-agnostic driver knows. */
export interface NetconfHelloFacts {
  device: string;
  platform: string;
  sessionId: number;
  framing: 'eom' | 'chunked';
  capabilities: string[];
  hostKey: { algorithm: string; fingerprint: string };
  /** Where `load` edits: the candidate (then commit), or running directly (:writable-running only). */
  writableDatastore: 'candidate' | 'running';
}

/**
 * A driver for a device whose configuration model Spinel has no dialect for: the configuration is
 * the device's own XML, given and returned verbatim. Same transaction shape as DeviceDriver (load,
 * commit with a confirm timeout, confirm, discard, rollback), no DeviceIntent, no normalized getters.
 */
export interface RawConfigDriver {
  readonly platform: string;
  open(): Promise<void>;
  close(): Promise<void>;
  facts(): Promise<NetconfHelloFacts>;
  /** A datastore's `<data>` as the device wrote it. */
  getConfig(source?: 'running' | 'candidate'): Promise<string>;
  /** Edits the candidate under its lock (or running, on a device without :candidate) and validates it when the device can. */
  loadConfig(config: string, mode: LoadMode): Promise<void>;
  commit(opts?: { confirmTimeoutSeconds?: number; label?: string }): Promise<void>;
  confirm(): Promise<void>;
  discard(): Promise<void>;
  rollback(label?: string): Promise<void>;
}

export type RawDriverFactory = (target: DeviceTarget) => RawConfigDriver;
