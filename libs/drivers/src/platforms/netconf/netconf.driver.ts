import { DeviceError } from '../../device-error.js';
import type { DeviceTarget, LoadMode } from '../../driver/device-driver.js';
import type { NetconfHelloFacts, RawConfigDriver } from '../../driver/raw-config-driver.js';
import { Capability } from '../../netconf/capabilities.js';
import type { NetconfClient } from '../../netconf/netconf-client.js';
import { CandidateTransaction, type CommitRequest, lockError } from './candidate-transaction.js';
import type { NetconfDriverOptions } from './driver-options.js';
import { NetconfConnection } from './netconf-connection.js';

export const NETCONF_PLATFORM = 'netconf';

/**
 * Any RFC 6241 device, without a model: configuration goes in and out as the device's own XML.
 * With :candidate, `loadConfig` edits the candidate under its lock and the usual transaction
 * follows (confirmed commits when announced, persisted with :confirmed-commit:1.1). A device with
 * only :writable-running is edited in place under a running lock: the edit is live at once, so
 * `commit` and `confirm` have nothing to do and say so, and `rollback` is not available.
 *
 * It is a RawConfigDriver, not a DeviceDriver: Spinel has no dialect for an arbitrary device's
 * models, so it never pretends to speak DeviceIntent (the registry refuses `driverFor('netconf')`).
 */
export class NetconfDriver implements RawConfigDriver {
  readonly platform: string = NETCONF_PLATFORM;
  private readonly connection: NetconfConnection;
  private readonly transaction: CandidateTransaction;
  private writable: 'candidate' | 'running' = 'candidate';

  constructor(
    readonly target: DeviceTarget,
    options: NetconfDriverOptions = {},
  ) {
    this.connection = new NetconfConnection(target, options, this.platform);
    this.transaction = new CandidateTransaction(this.connection, 'inline');
  }

  get sessionId(): number | undefined {
    return this.connection.current?.sessionId;
  }

  async open(): Promise<void> {
    const client = await this.connection.open();
    if (client.hasCapability(Capability.candidate)) this.writable = 'candidate';
    else if (client.hasCapability(Capability.writableRunning)) this.writable = 'running';
    else {
      await this.connection.close();
      throw new DeviceError('REJECTED', `${this.connection.device} announces neither :candidate nor :writable-running; its configuration cannot be edited over NETCONF`);
    }
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  async facts(): Promise<NetconfHelloFacts> {
    const client = await this.connection.session();
    return {
      device: this.target.name,
      platform: this.platform,
      sessionId: client.sessionId,
      framing: client.framing,
      capabilities: [...client.serverCapabilities],
      hostKey: { algorithm: client.hostKey.algorithm, fingerprint: client.hostKey.fingerprint },
      writableDatastore: this.writable,
    };
  }

  getConfig(source: 'running' | 'candidate' = 'running'): Promise<string> {
    return this.connection.read((c) => c.getConfig(source));
  }

  async loadConfig(config: string, mode: LoadMode): Promise<void> {
    if (mode !== 'merge' && mode !== 'replace') throw new DeviceError('REJECTED', `load mode must be 'merge' or 'replace', got '${String(mode)}'`);
    if (this.writable === 'candidate') return this.transaction.load(config, mode);
    const client = await this.connection.session();
    await lockRunning(client, this.connection.device);
    try {
      await client.editConfig('running', config, { defaultOperation: mode });
    } finally {
      if (client.isOpen) await client.unlock('running');
    }
  }

  commit(opts: CommitRequest = {}): Promise<void> {
    return this.candidateOnly('commit', () => this.transaction.commit(opts));
  }

  confirm(): Promise<void> {
    return this.candidateOnly('confirm', () => this.transaction.confirm());
  }

  discard(): Promise<void> {
    return this.candidateOnly('discard', () => this.transaction.discard());
  }

  rollback(label?: string): Promise<void> {
    return this.candidateOnly('rollback', () => this.transaction.rollback(label));
  }

  private candidateOnly(operation: string, run: () => Promise<void>): Promise<void> {
    if (this.writable === 'candidate') return run();
    return Promise.reject(
      new DeviceError('REJECTED', `${this.connection.device} has no :candidate datastore: edits went to running directly, so there is nothing to ${operation}`),
    );
  }
}

async function lockRunning(client: NetconfClient, device: string): Promise<void> {
  try {
    await client.lock('running');
  } catch (error) {
    const refused = lockError(error, device);
    if (refused instanceof DeviceError && refused !== error) throw new DeviceError(refused.code, refused.message.replace('candidate', 'running'), { cause: error });
    throw refused;
  }
}
