import { CE_NETCONF_NAMESPACES, type ParseContext } from '#dialects';
import { NetconfRpcError } from '#drivers';
import { type ConfigNode, type EditNode, cloneNode, sameTree, writeTree } from './config-tree.js';
import { assertMayConfirm, rpcFail as fail } from '../netconf/rpc-arguments.js';
import { assertKnownTopLevel, validateConfig } from './config-validation.js';
import { type DefaultOperation, type ErrorOption, applyEdit } from './edit-config.js';

export type DatastoreName = 'running' | 'candidate';

/** Who asks: the NETCONF session (or, later, the CLI session) on whose behalf a datastore changes. */
export interface ConfigWriter {
  sessionId: number;
  username: string;
}

/** One write to running: the provisioning checks "no device ever has two writers" from these. */
export interface CommitRecord {
  at: Date;
  sessionId: number;
  username: string;
  /** `commit` of the candidate, or `edit-config` straight to running (:writable-running). */
  operation: 'commit' | 'edit-config';
  /** A confirmed commit (it rolls back unless confirmed in time). */
  confirmed: boolean;
  revisionLabel?: string;
}

export interface EditOptions {
  defaultOperation?: DefaultOperation;
  errorOption?: ErrorOption;
  testOnly?: boolean;
}

export interface CommitRequest {
  confirmed?: boolean;
  /** Seconds; RFC 6241's default is 600. */
  confirmTimeoutS?: number;
  persist?: string;
  persistId?: string;
  revisionLabel?: string;
}

interface PendingConfirmedCommit {
  /** Running before the first unconfirmed commit: what a rollback restores. */
  rollbackTo: ConfigNode;
  sessionId: number;
  persist: string | undefined;
  /** When it was committed. */
  at: Date;
  timer: NodeJS.Timeout;
}

/** What the switch keeps across a restart: running as last confirmed, and the newest commit records. */
export interface SwitchConfigSnapshot {
  /** Running without a pending confirmed commit: what a reboot inside the confirm window comes back to. */
  running: ConfigNode;
  /** A confirmed commit pending when the snapshot was taken; a restart rolls it back. */
  pendingConfirmedCommit?: { sessionId: number; at: Date };
  commitLog: readonly CommitRecord[];
}

/** Where the store keeps its snapshot (the state directory's file; see persistence.ts). */
export interface SwitchConfigPersistence {
  /** The snapshot saved last, undefined when none was ever saved; throws when it cannot be read. */
  load(): SwitchConfigSnapshot | undefined;
  /** Called after every change of running, before the change is answered. */
  save(snapshot: SwitchConfigSnapshot): void;
}

export interface SwitchConfigStoreOptions {
  now?: () => Date;
  persistence?: SwitchConfigPersistence;
  /**
   * Fault injection: asked once per commit that passed every check, just before it is applied;
   * a message refuses the commit as if it had failed validation.
   */
  commitFault?: () => string | undefined;
}

const DEFAULT_CONFIRM_TIMEOUT_S = 600;
const SYSTEM_NS = CE_NETCONF_NAMESPACES.system;

/**
 * One emulated switch's configuration: the running and candidate datastores as OpenConfig trees
 * of the ce-netconf dialect, with RFC 6241 edit-config, validation (the configuration must read
 * as a DeviceIntent), per-datastore locks, and commit with confirmed-commit. The NETCONF handler,
 * and later the CLI, are views of this one store.
 */
export class SwitchConfigStore {
  private running: ConfigNode;
  private candidate: ConfigNode;
  private readonly locks = new Map<DatastoreName, ConfigWriter>();
  private pending: PendingConfirmedCommit | undefined;
  private log: CommitRecord[] = [];
  /** Why confirmed commits were rolled back, in order. */
  readonly rollbacks: string[] = [];
  private readonly now: () => Date;
  private readonly persistence: SwitchConfigPersistence | undefined;
  private version = 0;
  private readonly commitFault: (() => string | undefined) | undefined;

  /** Restores the persisted configuration, if any; throws when it cannot be read. */
  constructor(
    readonly context: ParseContext,
    options: SwitchConfigStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.persistence = options.persistence;
    this.commitFault = options.commitFault;
    const restored = this.persistence?.load();
    this.running = restored ? cloneNode(restored.running) : factoryConfig(context.device);
    this.candidate = cloneNode(this.running);
    this.log = restored ? [...restored.commitLog] : [];
    if (restored?.pendingConfirmedCommit) {
      // A reboot inside the confirm window: the saved running is already the one before it.
      this.rollbacks.push(`the switch restarted while the confirmed commit of session ${restored.pendingConfirmedCommit.sessionId} was pending`);
      this.save();
    }
  }

  /** Every write to running, oldest first. */
  get commitLog(): readonly Readonly<CommitRecord>[] {
    return this.log;
  }

  get confirmedCommitPending(): boolean {
    return this.pending !== undefined;
  }

  /** Grows on every change of running: readers that derive state from it know when to read it again. */
  get runningVersion(): number {
    return this.version;
  }

  /** The persist token of the pending confirmed commit, when it was made with one. */
  get pendingPersist(): string | undefined {
    return this.pending?.persist;
  }

  /** A datastore as a `<data>` document; `filter` keeps only the named top-level containers. */
  toData(name: DatastoreName, filter?: readonly { ns: string; name: string }[]): string {
    const children = this.tree(name).children.filter((c) => !filter || filter.some((f) => f.name === c.name && (f.ns === '' || f.ns === c.ns)));
    return writeTree('data', children);
  }

  /** A datastore as a `<config>` document, what `ceNetconfDialect.parse` reads. */
  toConfig(name: DatastoreName): string {
    return writeTree('config', this.tree(name).children);
  }

  /**
   * RFC 6241 edit-config. An edit of running is validated at once and refused as a whole when the
   * result is invalid; the candidate is validated by `validate` and `commit`.
   */
  editConfig(writer: ConfigWriter, target: DatastoreName, edit: EditNode, options: EditOptions = {}): void {
    this.assertNotLockedByOther(target, writer);
    assertKnownTopLevel(edit.children);
    if (target === 'running') this.assertNoPendingCommitOf(writer);
    const errorOption = options.errorOption ?? 'stop-on-error';
    const edited = cloneNode(this.tree(target));
    let failure: NetconfRpcError | undefined;
    try {
      applyEdit(edited, edit, options.defaultOperation ?? 'merge', errorOption);
    } catch (error) {
      if (!(error instanceof NetconfRpcError) || errorOption === 'rollback-on-error') throw error;
      failure = error;
    }
    if (target === 'running') validateConfig(edited, this.context);
    if (options.testOnly) {
      if (failure) throw failure;
      return;
    }
    // stop-on-error and continue-on-error keep what applied before (or besides) the failures.
    if (target === 'running') {
      // A candidate without changes of its own follows running, as on a switch: it has nothing to lose.
      if (sameTree(this.candidate, this.running)) this.candidate = cloneNode(edited);
      this.running = edited;
      this.record(writer, 'edit-config', false);
      this.save();
    } else {
      this.candidate = edited;
    }
    if (failure) throw failure;
  }

  /** `<validate>` of a datastore, or of an inline `<config>` (checked as if it replaced running). */
  validate(source: DatastoreName | EditNode): void {
    if (typeof source === 'string') {
      validateConfig(this.tree(source), this.context);
      return;
    }
    assertKnownTopLevel(source.children);
    const scratch = factoryConfig(this.context.device);
    applyEdit(scratch, source, 'replace', 'rollback-on-error');
    validateConfig(scratch, this.context);
  }

  discardChanges(writer: ConfigWriter): void {
    this.assertNotLockedByOther('candidate', writer);
    this.candidate = cloneNode(this.running);
  }

  /** The candidate becomes running; a confirmed commit arms a timer that restores running. */
  commit(writer: ConfigWriter, request: CommitRequest = {}): void {
    this.assertNotLockedByOther('running', writer);
    this.assertNotLockedByOther('candidate', writer);
    assertMayConfirm(this.pending, writer.sessionId, request.persistId);
    validateConfig(this.candidate, this.context);
    this.assertNoInjectedFailure();
    const rollbackTo = this.pending?.rollbackTo ?? cloneNode(this.running);
    clearTimeout(this.pending?.timer);
    this.pending = undefined;
    this.running = cloneNode(this.candidate);
    if (request.confirmed) {
      const timeoutS = request.confirmTimeoutS ?? DEFAULT_CONFIRM_TIMEOUT_S;
      const timer = setTimeout(() => this.rollBack(`confirm-timeout of ${timeoutS} s expired`), timeoutS * 1000);
      timer.unref();
      this.pending = { rollbackTo, sessionId: writer.sessionId, persist: request.persist, at: this.now(), timer };
    }
    this.record(writer, 'commit', request.confirmed ?? false, request.revisionLabel);
    this.save();
  }

  /**
   * A whole configuration written straight to running by a writer with a candidate of its own
   * (a CLI session's `commit`): the shared candidate is neither used nor required to be clean.
   * Checked like a commit (locks, a pending confirmed commit of someone else, validation) and
   * recorded as one. A candidate with uncommitted changes of a NETCONF session keeps them, on top
   * of the running it was taken from: its later `<commit>` replaces running with it as a whole
   * (RFC 6241 leaves this to the device); `<discard-changes>` takes the new running instead.
   */
  replaceRunning(writer: ConfigWriter, config: EditNode): void {
    this.assertNotLockedByOther('running', writer);
    this.assertNotLockedByOther('candidate', writer);
    this.assertNoPendingCommitOf(writer);
    assertKnownTopLevel(config.children);
    const next = cloneNode(this.running);
    applyEdit(next, config, 'replace', 'rollback-on-error');
    validateConfig(next, this.context);
    this.assertNoInjectedFailure();
    if (sameTree(this.candidate, this.running)) this.candidate = cloneNode(next);
    this.running = next;
    this.record(writer, 'commit', false);
    this.save();
  }

  cancelCommit(writer: ConfigWriter, persistId?: string): void {
    if (!this.pending) throw fail({ type: 'protocol', tag: 'operation-failed', message: 'no confirmed commit is pending' });
    assertMayConfirm(this.pending, writer.sessionId, persistId);
    this.rollBack(`cancelled by session ${writer.sessionId}`);
  }

  lock(writer: ConfigWriter, target: DatastoreName): void {
    const holder = this.locks.get(target);
    if (holder) {
      throw fail({ type: 'protocol', tag: 'lock-denied', message: `the ${target} datastore is locked by session ${holder.sessionId} (${holder.username})`, info: { 'session-id': String(holder.sessionId) } });
    }
    if (target === 'candidate' && !sameTree(this.candidate, this.running)) {
      // RFC 6241 section 8.3.5.1; session-id 0 because no session holds a lock.
      throw fail({ type: 'protocol', tag: 'lock-denied', message: 'the candidate has uncommitted changes: discard-changes first', info: { 'session-id': '0' } });
    }
    this.locks.set(target, { ...writer });
  }

  unlock(writer: ConfigWriter, target: DatastoreName): void {
    if (this.locks.get(target)?.sessionId !== writer.sessionId) {
      throw fail({ type: 'protocol', tag: 'operation-failed', message: `session ${writer.sessionId} does not hold the lock on ${target}` });
    }
    this.locks.delete(target);
  }

  /** The holder of a datastore's lock, if any. */
  lockHolder(target: DatastoreName): Readonly<ConfigWriter> | undefined {
    return this.locks.get(target);
  }

  /** A session ended: its locks go (a candidate lock with its changes) and so does its unpersisted confirmed commit. */
  sessionEnded(sessionId: number): void {
    for (const [store, holder] of this.locks) {
      if (holder.sessionId !== sessionId) continue;
      this.locks.delete(store);
      // RFC 6241 section 8.3.5.2: a candidate lock lost with its session discards the changes.
      if (store === 'candidate') this.candidate = cloneNode(this.running);
    }
    if (this.pending && this.pending.persist === undefined && this.pending.sessionId === sessionId) {
      this.rollBack(`session ${sessionId}, which issued the confirmed commit, ended`);
    }
  }

  /** Stops the confirmed-commit timer (the switch is shutting down). */
  dispose(): void {
    clearTimeout(this.pending?.timer);
  }

  private tree(name: DatastoreName): ConfigNode {
    return name === 'running' ? this.running : this.candidate;
  }

  private record(writer: ConfigWriter, operation: CommitRecord['operation'], confirmed: boolean, revisionLabel?: string): void {
    this.log.push({ at: this.now(), sessionId: writer.sessionId, username: writer.username, operation, confirmed, ...(revisionLabel ? { revisionLabel } : {}) });
  }

  private rollBack(reason: string): void {
    if (!this.pending) return;
    clearTimeout(this.pending.timer);
    this.running = this.pending.rollbackTo;
    this.candidate = cloneNode(this.running);
    this.pending = undefined;
    try {
      this.save();
      this.rollbacks.push(reason);
    } catch (error) {
      // Harmless for a restart (the saved running already is the rolled-back one), and a timer has nobody to tell.
      this.rollbacks.push(`${reason} (the pending marker could not be cleared on disk: ${(error as Error).message})`);
    }
  }

  /**
   * Running changed (an edit, a commit, a CLI commit, a rollback): count it for the readers that
   * derive state from running, and hand the persistence what a restart must come back to.
   */
  private save(): void {
    this.version++;
    if (!this.persistence) return;
    const pending = this.pending;
    try {
      this.persistence.save({
        running: pending ? pending.rollbackTo : this.running,
        ...(pending ? { pendingConfirmedCommit: { sessionId: pending.sessionId, at: pending.at } } : {}),
        commitLog: this.log,
      });
    } catch (error) {
      throw fail({ type: 'application', tag: 'operation-failed', message: `running changed but could not be saved: ${(error as Error).message}` });
    }
  }

  private assertNoInjectedFailure(): void {
    const message = this.commitFault?.();
    if (message !== undefined) throw fail({ type: 'application', tag: 'operation-failed', message });
  }

  /** Writing running behind a pending confirmed commit of someone else would be lost by its rollback. */
  private assertNoPendingCommitOf(writer: ConfigWriter): void {
    if (this.pending && this.pending.sessionId !== writer.sessionId) {
      throw fail({ type: 'protocol', tag: 'in-use', message: `a confirmed commit of session ${this.pending.sessionId} is pending`, info: { 'session-id': String(this.pending.sessionId) } });
    }
  }

  private assertNotLockedByOther(store: DatastoreName, writer: ConfigWriter): void {
    const holder = this.locks.get(store);
    if (holder && holder.sessionId !== writer.sessionId) {
      throw fail({ type: 'protocol', tag: 'in-use', message: `the ${store} datastore is locked by session ${holder.sessionId} (${holder.username})`, info: { 'session-id': String(holder.sessionId) } });
    }
  }
}

/** A switch out of the box: only its hostname. */
function factoryConfig(device: string): ConfigNode {
  const leaf = (name: string, value: string): ConfigNode => ({ ns: SYSTEM_NS, name, value, children: [] });
  return {
    ns: 'urn:ietf:params:xml:ns:netconf:base:1.0',
    name: 'config',
    children: [{ ns: SYSTEM_NS, name: 'system', children: [{ ns: SYSTEM_NS, name: 'config', children: [leaf('hostname', device)] }] }],
  };
}

