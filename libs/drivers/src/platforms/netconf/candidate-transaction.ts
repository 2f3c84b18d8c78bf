import { randomUUID } from 'node:crypto';
import { DeviceError } from '../../device-error.js';
import type { LoadMode } from '../../driver/device-driver.js';
import { Capability, NETCONF_BASE_NS } from '../../netconf/capabilities.js';
import type { NetconfClient } from '../../netconf/netconf-client.js';
import { NetconfRpcError } from '../../netconf/rpc-error.js';
import { XmlElement } from '../../netconf/xml-element.js';
import type { NetconfConnection } from './netconf-connection.js';

export interface CommitRequest {
  /** A confirmed commit: the device restores the previous configuration unless `confirm` follows in time. */
  confirmTimeoutSeconds?: number;
  /** Names this commit for `rollback(label)`. */
  label?: string;
  /**
   * The persist id of a confirmed commit (default: a random one). A caller that records it before
   * committing can confirm or cancel the commit from another driver instance (`adoptPending`).
   */
  persistId?: string;
}

interface PendingConfirmedCommit {
  /** The confirmed-commit:1.1 persist token: any later session may confirm or cancel with it. */
  persistId: string | undefined;
  /** Running before the commit, as the device wrote it. */
  before: string;
}

/**
 * The NAPALM-style transaction over a NETCONF candidate datastore, on raw `<config>` payloads:
 * lock → edit-config → validate → (compare) → commit [confirmed, persisted] → confirm, or
 * discard-changes → unlock. Shared by the ce-netconf and the generic netconf drivers.
 *
 * - The candidate lock is held from `load` until the commit is final (after `commit`, or after
 *   `confirm` of a confirmed commit), so nobody edits the candidate in between.
 * - The device discards an uncommitted candidate when the session holding its lock ends; the
 *   transaction notices (the session is a different one) and says so instead of committing nothing.
 * - A confirmed commit carries a random persist id, so `confirm` and `rollback` work from a new
 *   session after a reconnect.
 * - NETCONF has no commit history: `rollback` restores the running configuration this instance
 *   saved before each of its own commits (replace on the candidate, then commit).
 */
export class CandidateTransaction {
  private lockedBy: NetconfClient | undefined;
  private loaded = false;
  private pending: PendingConfirmedCommit | undefined;
  private readonly history: { label: string | undefined; before: string }[] = [];

  constructor(
    private readonly connection: NetconfConnection,
    /**
     * How `load` validates. `candidate`: `<validate>` of the candidate after the edit (exactly what
     * commit would apply). `inline`: a replacing payload is validated as an inline `<config>` and a
     * merged one is left to the commit's own validation: netconfd (yuma123 2.13) answers a commit
     * that follows a `<validate>` of the candidate with `<ok/>` and applies nothing.
     */
    private readonly validation: 'candidate' | 'inline' = 'candidate',
  ) {}

  get confirmPending(): boolean {
    return this.pending !== undefined;
  }

  /** The persist id of this instance's pending confirmed commit, if any. */
  get pendingPersistId(): string | undefined {
    return this.pending?.persistId;
  }

  /**
   * Take over a confirmed commit another session (another driver instance, another process) made
   * with this persist id, so `confirm` or `rollback` settle it. The configuration it replaced is
   * unknown here: a cancel the device refuses (its timeout already rolled it back, or it never
   * committed) is reported as the device's REJECTED.
   */
  adoptPending(persistId: string): void {
    if (this.pending) throw new DeviceError('REJECTED', `a confirmed commit of this driver is already pending on ${this.connection.device}`);
    if (!persistId) throw new DeviceError('REJECTED', 'a persist id is needed to take over a confirmed commit');
    this.pending = { persistId, before: '' };
  }

  /** Let go of an adopted confirmed commit that could not be settled (the caller may adopt it again). */
  forgetAdopted(persistId: string): void {
    if (this.pending?.persistId === persistId && this.pending.before === '') this.pending = undefined;
  }

  /** Locks the candidate (unless held already), edits it, and validates it when the device can. */
  async load(config: string, mode: LoadMode): Promise<void> {
    if (this.pending) {
      throw new DeviceError('REJECTED', `a confirmed commit of this driver is pending on ${this.connection.device}: confirm it or roll it back before loading another configuration`);
    }
    const client = await this.lockCandidate();
    try {
      await client.editConfig('candidate', config, { defaultOperation: mode });
      if (client.hasCapability(Capability.validate11) || client.hasCapability(Capability.validate10)) {
        if (this.validation === 'candidate') await client.validate('candidate');
        else if (mode === 'replace') await client.validate({ config });
      }
    } catch (error) {
      // Leave nothing half-loaded behind a lock: the device's refusal is the answer.
      await this.release(client);
      throw error;
    }
    this.loaded = true;
  }

  /** The session holding our loaded candidate (for compare), or why there is none. */
  async loadedSession(operation: string): Promise<NetconfClient> {
    const client = await this.connection.session();
    if (!this.loaded) throw new DeviceError('REJECTED', `nothing to ${operation} on ${this.connection.device}: load a configuration into the candidate first`);
    if (this.lockedBy !== client) throw this.lostCandidate();
    return client;
  }

  async commit(request: CommitRequest = {}): Promise<void> {
    const client = await this.loadedSession('commit');
    let before: string;
    try {
      before = await client.getConfig('running');
    } catch (error) {
      // The device dropped the session (and with it our candidate) before we noticed.
      if (!droppedUnder(error, client)) throw error;
      this.loaded = false;
      this.lockedBy = undefined;
      throw this.lostCandidate();
    }
    const confirmed = request.confirmTimeoutSeconds !== undefined;
    if (confirmed && !client.hasCapability(Capability.confirmedCommit10) && !client.hasCapability(Capability.confirmedCommit11)) {
      throw new DeviceError('REJECTED', `${this.connection.device} does not announce :confirmed-commit; commit without a confirm timeout`);
    }
    const persistId = confirmed && client.hasCapability(Capability.confirmedCommit11) ? (request.persistId ?? randomUUID()) : undefined;
    await client.commit(confirmed ? { confirmed: true, confirmTimeout: request.confirmTimeoutSeconds!, ...(persistId ? { persist: persistId } : {}) } : {});
    this.loaded = false;
    this.history.push({ label: request.label, before });
    if (confirmed) this.pending = { persistId, before };
    else await this.unlock(client);
  }

  /** Makes a pending confirmed commit permanent, from this session or (by persist id) a new one. */
  async confirm(): Promise<void> {
    const pending = this.pending;
    if (!pending) throw new DeviceError('REJECTED', `no confirmed commit of this driver is pending on ${this.connection.device}`);
    try {
      await this.confirmOn(await this.connection.session(), pending);
    } catch (error) {
      // Confirming by persist id is safe to repeat from a new session when this one was dropped.
      if (pending.persistId === undefined || !(error instanceof DeviceError) || error.code !== 'TRANSIENT' || this.connection.current) throw error;
      this.lockedBy = undefined;
      await this.confirmOn(await this.connection.session(), pending);
    }
  }

  private async confirmOn(client: NetconfClient, pending: PendingConfirmedCommit): Promise<void> {
    if (pending.persistId === undefined && this.lockedBy !== client) {
      this.pending = undefined;
      throw new DeviceError('REJECTED', `the session that made the confirmed commit on ${this.connection.device} ended without :confirmed-commit:1.1; the device has rolled it back`);
    }
    // The confirming commit also commits the candidate: hold its lock so it is exactly running
    // (unless the device refuses locks while a confirmed commit is pending, as netconfd does).
    if (this.lockedBy !== client) await this.lockCandidate().catch(ignoreOutstandingConfirmedCommit);
    try {
      await client.commit(pending.persistId ? { persistId: pending.persistId } : {});
      this.pending = undefined;
    } catch (error) {
      if (error instanceof DeviceError && error.code === 'REJECTED' && (await client.getConfig('running')) === pending.before) {
        // Its confirm timeout passed first: the device restored the previous configuration.
        this.pending = undefined;
        this.history.pop();
        throw new DeviceError('REJECTED', `the confirmed commit on ${this.connection.device} was already rolled back by the device (${error.message})`, { cause: error });
      }
      throw error;
    } finally {
      await this.unlock(client);
    }
  }

  /** Drops our changes to the candidate and releases its lock. */
  async discard(): Promise<void> {
    this.loaded = false;
    const client = this.connection.current;
    // A candidate whose session ended was already discarded by the device.
    if (!client || this.lockedBy !== client) {
      this.lockedBy = undefined;
      return;
    }
    await client.discardChanges();
    await this.unlock(client);
  }

  /**
   * Cancels our pending confirmed commit (the device restores what it replaced); otherwise, or
   * for a labelled commit, restores the running configuration saved before that commit.
   */
  async rollback(label?: string): Promise<void> {
    if (this.pending) {
      await this.cancelPending(this.pending);
      this.history.pop();
      if (label === undefined) return;
    }
    const index = label === undefined ? this.history.length - 1 : this.history.map((h) => h.label).lastIndexOf(label);
    if (index < 0) {
      const which = label === undefined ? 'no commit' : `no commit labelled '${label}'`;
      const known = this.history.map((h) => h.label).filter((l) => l !== undefined);
      throw new DeviceError(
        'REJECTED',
        `${which} of this driver to roll back on ${this.connection.device}` +
          (known.length ? ` (labels: ${known.join(', ')})` : '') +
          '; NETCONF keeps no commit history: a driver restores only the configurations it saved before its own commits',
      );
    }
    const { before } = this.history[index]!;
    if (this.loaded) await this.discard();
    const client = await this.lockCandidate();
    try {
      await client.editConfig('candidate', dataToConfig(before), { defaultOperation: 'replace' });
      await client.commit();
    } catch (error) {
      await this.release(client);
      throw error;
    }
    await this.unlock(client);
    this.history.length = index;
  }

  private async cancelPending(pending: PendingConfirmedCommit): Promise<void> {
    let client = await this.connection.session();
    try {
      try {
        await client.cancelCommit(pending.persistId);
      } catch (error) {
        // By persist id, a cancel is safe to repeat from a new session when this one was dropped.
        if (pending.persistId === undefined || !droppedUnder(error, client)) throw error;
        client = await this.connection.session();
        await client.cancelCommit(pending.persistId);
      }
    } catch (error) {
      // Already rolled back by its timeout: the configuration is where a cancel would put it.
      if (!(error instanceof DeviceError && error.code === 'REJECTED') || (await client.getConfig('running')) !== pending.before) throw error;
    }
    this.pending = undefined;
    if (this.lockedBy === client) await this.unlock(client);
    else this.lockedBy = undefined;
  }

  private async lockCandidate(): Promise<NetconfClient> {
    const client = await this.connection.session();
    if (this.lockedBy === client) return client;
    if (this.loaded) {
      this.loaded = false;
      this.lockedBy = undefined;
      throw this.lostCandidate();
    }
    try {
      await client.lock('candidate');
    } catch (error) {
      throw lockError(error, this.connection.device);
    }
    this.lockedBy = client;
    return client;
  }

  private async unlock(client: NetconfClient): Promise<void> {
    if (this.lockedBy !== client) return;
    this.lockedBy = undefined;
    if (client.isOpen) await client.unlock('candidate');
  }

  /** Discard and unlock after a failure, keeping the original error. */
  private async release(client: NetconfClient): Promise<void> {
    this.loaded = false;
    if (this.lockedBy !== client || !client.isOpen) {
      this.lockedBy = undefined;
      return;
    }
    await client.discardChanges().catch(() => undefined);
    await this.unlock(client).catch(() => undefined);
  }

  private lostCandidate(): DeviceError {
    const why = this.connection.lastDropReason ? ` (${this.connection.lastDropReason.message})` : '';
    return new DeviceError(
      'TRANSIENT',
      `the session holding the candidate of ${this.connection.device} ended${why}; the device discarded the uncommitted changes: load the configuration again`,
    );
  }
}

/** netconfd refuses `<lock>` during a pending confirmed commit (in-use, app-tag outstanding-confirmed-commit). */
function ignoreOutstandingConfirmedCommit(error: unknown): undefined {
  const cause = error instanceof DeviceError ? error.cause : undefined;
  if (cause instanceof NetconfRpcError && cause.first.appTag === 'outstanding-confirmed-commit') return undefined;
  throw error;
}

/** The operation failed because the device or the network ended the session under it. */
function droppedUnder(error: unknown, client: NetconfClient): boolean {
  return error instanceof DeviceError && error.code === 'TRANSIENT' && !client.isOpen;
}

/** A lock refusal, naming who holds the lock (RFC 6241: error-info session-id, 0 for nobody's session). */
export function lockError(error: unknown, device: string): unknown {
  if (!(error instanceof NetconfRpcError) || (error.errorTag !== 'lock-denied' && error.errorTag !== 'in-use')) return error;
  const holder = error.errorInfo['session-id'];
  const detail = error.errorMessage ? ` (device: ${error.errorMessage})` : '';
  const message =
    holder && holder !== '0'
      ? `the candidate datastore of ${device} is locked by NETCONF session ${holder}${detail}`
      : `the candidate datastore of ${device} cannot be locked: it holds changes no session has locked (session-id 0), or a non-NETCONF user holds it${detail}`;
  return new DeviceError('TRANSIENT', message, { cause: error });
}

/** A `<data>` reply turned into the `<config>` that recreates it. */
export function dataToConfig(data: string): string {
  const root = XmlElement.parseDocument(data);
  return `<config xmlns="${NETCONF_BASE_NS}">${root.children().map((c) => c.outerXml()).join('')}</config>`;
}
