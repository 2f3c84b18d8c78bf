import { type Dialect, NetconfConfigError, ceNetconfDialect, diffIntent } from '#dialects';
import { type DeviceIntent, canonicalize } from '#intent';
import { DeviceError } from '../../device-error.js';
import type {
  BgpNeighborState,
  DeviceDriver,
  DeviceTarget,
  EvpnRoute,
  Facts,
  InterfaceCounters,
  InterfaceState,
  LldpNeighbor,
  LoadMode,
} from '../../driver/device-driver.js';
import { Capability } from '../../netconf/capabilities.js';
import type { NetconfClient } from '../../netconf/netconf-client.js';
import { XmlElement } from '../../netconf/xml-element.js';
import type { PresentedHostKey } from '../../ssh/host-key.js';
import { CandidateTransaction, type CommitRequest } from '../netconf/candidate-transaction.js';
import type { NetconfDriverOptions } from '../netconf/driver-options.js';
import { NetconfConnection } from '../netconf/netconf-connection.js';
import { OPER_FILTERS, parseBgpNeighbors, parseEvpnRoutes, parseFacts, parseInterfaceCounters, parseInterfaces, parseLldpNeighbors } from './oper-state.js';

export const CE_NETCONF_PLATFORM = 'ce-netconf';

/** What a CloudEngine NETCONF endpoint must announce for this driver's transactions. */
const REQUIRED: readonly (readonly [string, ...string[]])[] = [
  [':candidate', Capability.candidate],
  [':confirmed-commit:1.1', Capability.confirmedCommit11],
  [':validate', Capability.validate11, Capability.validate10],
];

/**
 * The CloudEngine NETCONF driver: DeviceIntent in and out through the ce-netconf dialect
 * (OpenConfig + spinel-ext), transactions on the candidate datastore (see CandidateTransaction),
 * getters from `<get>` state (docs/operational-state.md). One instance is one device; it keeps
 * its session between calls, with SSH keepalive, and replaces a dropped one with backoff.
 */
export class CeNetconfDriver implements DeviceDriver {
  readonly platform: string = CE_NETCONF_PLATFORM;
  private readonly connection: NetconfConnection;
  private readonly transaction: CandidateTransaction;
  private readonly dialect: Dialect = ceNetconfDialect;

  constructor(
    readonly target: DeviceTarget,
    options: NetconfDriverOptions = {},
  ) {
    this.connection = new NetconfConnection(target, options, this.platform);
    this.transaction = new CandidateTransaction(this.connection);
  }

  /** The NETCONF session id of the current session (what a lock holder is named by). */
  get sessionId(): number | undefined {
    return this.connection.current?.sessionId;
  }

  get hostKey(): PresentedHostKey | undefined {
    return this.connection.hostKey;
  }

  /** How many times a dropped session was replaced. */
  get reconnects(): number {
    return this.connection.reconnects;
  }

  async open(): Promise<void> {
    const client = await this.connection.open();
    const missing = REQUIRED.filter(([, ...uris]) => !uris.some((uri) => client.hasCapability(uri))).map(([name]) => name);
    if (missing.length) {
      await this.connection.close();
      throw new DeviceError(
        'REJECTED',
        `${this.connection.device} lacks NETCONF capabilities the ${this.platform} driver needs: ${missing.join(', ')}; it announces ${client.serverCapabilities.join(' ')}`,
      );
    }
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  async getRunningConfig(): Promise<DeviceIntent> {
    const data = await this.connection.read((c) => c.getConfig('running'));
    const intent = this.parse(data, 'running');
    if (!intent) {
      throw new DeviceError('REJECTED', `${this.connection.device} runs no Spinel configuration yet (only its factory configuration: the hostname)`);
    }
    return intent;
  }

  async loadCandidate(intent: DeviceIntent, mode: LoadMode): Promise<void> {
    if (mode !== 'merge' && mode !== 'replace') throw new DeviceError('REJECTED', `load mode must be 'merge' or 'replace', got '${String(mode)}'`);
    if (intent.device !== this.target.name) {
      throw new DeviceError('REJECTED', `the intent is for device ${intent.device}, not ${this.target.name}`);
    }
    let config: string;
    try {
      config = this.dialect.render(intent);
    } catch (error) {
      throw new DeviceError('REJECTED', `the intent for ${intent.device} cannot be rendered as ${this.platform}: ${(error as Error).message}`, { cause: error });
    }
    await this.transaction.load(config, mode);
  }

  /** The dialect's edit-config change set from running to the candidate ('' when they match). */
  async compare(): Promise<string> {
    const client = await this.transaction.loadedSession('compare');
    const running = this.parse(await client.getConfig('running'), 'running');
    const candidate = this.parse(await client.getConfig('candidate'), 'candidate');
    if (!candidate) return running ? `<!-- committing removes the whole Spinel configuration of ${this.target.name} -->` : '';
    return this.dialect.renderChanges(diffIntent(running ?? null, candidate), running ?? null, candidate);
  }

  commit(opts: CommitRequest = {}): Promise<void> {
    const { confirmTimeoutSeconds } = opts;
    if (confirmTimeoutSeconds !== undefined && (!Number.isInteger(confirmTimeoutSeconds) || confirmTimeoutSeconds < 1)) {
      return Promise.reject(new DeviceError('REJECTED', `confirmTimeoutSeconds must be a positive whole number of seconds, got ${confirmTimeoutSeconds}`));
    }
    return this.transaction.commit(opts);
  }

  confirm(): Promise<void> {
    return this.transaction.confirm();
  }

  /** The persist id of this driver's pending confirmed commit (what a recovery confirms or cancels by). */
  get pendingPersistId(): string | undefined {
    return this.transaction.pendingPersistId;
  }

  /** Confirm a confirmed commit made by another session (a dead process's) by its persist id. */
  async confirmPersisted(persistId: string): Promise<void> {
    this.transaction.adoptPending(persistId);
    await this.transaction.confirm().catch((e: unknown) => {
      this.transaction.forgetAdopted(persistId);
      throw e;
    });
  }

  /** Cancel a confirmed commit made by another session by its persist id: the device restores what it replaced. */
  async cancelPersisted(persistId: string): Promise<void> {
    this.transaction.adoptPending(persistId);
    await this.transaction.rollback().catch((e: unknown) => {
      this.transaction.forgetAdopted(persistId);
      throw e;
    });
  }

  discard(): Promise<void> {
    return this.transaction.discard();
  }

  /**
   * CloudEngine over NETCONF offers cancel-commit for a pending confirmed commit, but no commit
   * history: without one pending, the driver restores the configuration it saved before its
   * last (or its labelled) commit. See CandidateTransaction.
   */
  rollback(label?: string): Promise<void> {
    return this.transaction.rollback(label);
  }

  async facts(): Promise<Facts> {
    return parseFacts(await this.get(OPER_FILTERS.facts));
  }

  async interfaces(): Promise<InterfaceState[]> {
    return parseInterfaces(await this.get(OPER_FILTERS.interfaces));
  }

  async interfaceCounters(): Promise<InterfaceCounters[]> {
    return parseInterfaceCounters(await this.get(OPER_FILTERS.interfaces));
  }

  async bgpNeighbors(): Promise<BgpNeighborState[]> {
    return parseBgpNeighbors(await this.get(OPER_FILTERS.bgp));
  }

  async lldpNeighbors(): Promise<LldpNeighbor[]> {
    return parseLldpNeighbors(await this.get(OPER_FILTERS.lldp));
  }

  async evpnRoutes(): Promise<EvpnRoute[]> {
    return parseEvpnRoutes(await this.get(OPER_FILTERS.evpn));
  }

  /** The raw `<data>` of a datastore, for `spinel device call get-config`. */
  getConfigXml(source: 'running' | 'candidate' = 'running'): Promise<string> {
    return this.connection.read((c: NetconfClient) => c.getConfig(source));
  }

  private get(subtree: string): Promise<string> {
    return this.connection.read((c) => c.get({ subtree }));
  }

  /** A datastore as a DeviceIntent; undefined for the factory configuration (hostname only). */
  private parse(data: string, datastore: string): DeviceIntent | undefined {
    try {
      return canonicalize(this.dialect.parse(data, { device: this.target.name, role: this.target.role }));
    } catch (error) {
      if (isFactoryConfig(data)) return undefined;
      const why = error instanceof NetconfConfigError || error instanceof DeviceError ? error.message : String(error);
      throw new DeviceError('PROTOCOL', `the ${datastore} configuration of ${this.connection.device} does not read as a Spinel device intent: ${why}`, { cause: error });
    }
  }
}

/** Only `/system` (the hostname): what a switch holds before Spinel configured it. */
function isFactoryConfig(data: string): boolean {
  return XmlElement.parseDocument(data).children().every((c) => c.local === 'system');
}
