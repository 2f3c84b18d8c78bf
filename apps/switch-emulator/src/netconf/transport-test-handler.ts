import { Capability, NETCONF_BASE_NS, NetconfRpcError, type XmlElement } from '#drivers';
import type { NetconfRpcHandler, NetconfRpcResult, NetconfSessionInfo } from './netconf-rpc-handler.js';
import { type ErrorOption, RawConfigStore } from './raw-config-store.js';

type Store = 'running' | 'candidate';

interface PendingConfirmedCommit {
  /** Running as it was before the first unconfirmed commit: what a rollback restores. */
  rollbackTo: RawConfigStore;
  sessionId: number;
  persist: string | undefined;
  timer: NodeJS.Timeout;
}

const OPERATIONS = new Set(['get', 'get-config', 'edit-config', 'lock', 'unlock', 'discard-changes', 'validate', 'commit', 'cancel-commit']);
const DEFAULT_CONFIRM_TIMEOUT_S = 600;

const ok = '<ok/>';
const fail = (init: ConstructorParameters<typeof NetconfRpcError>[0]) => new NetconfRpcError(init);

/**
 * THE TRANSPORT TEST HANDLER: a small, model-free NETCONF datastore (raw XML, see RawConfigStore)
 * that exercises the protocol — running and candidate, locks, edit-config error options,
 * confirmed commit with a rollback timer — so the transport and the drivers can be tested and
 * interoperate with ncclient before the emulated switch has a device model. Not the switch.
 */
export class TransportTestRpcHandler implements NetconfRpcHandler {
  readonly capabilities = [
    Capability.writableRunning,
    Capability.candidate,
    Capability.confirmedCommit10,
    Capability.confirmedCommit11,
    Capability.rollbackOnError,
    Capability.validate10,
    Capability.validate11,
  ];
  private running = RawConfigStore.empty();
  private candidate = RawConfigStore.empty();
  private readonly locks = new Map<Store, number>();
  private pending: PendingConfirmedCommit | undefined;
  /** What happened to confirmed commits, for tests to observe. */
  readonly rollbacks: string[] = [];

  supports(operation: string, namespace: string): boolean {
    return namespace === NETCONF_BASE_NS && OPERATIONS.has(operation);
  }

  handle(session: NetconfSessionInfo, name: string, op: XmlElement): NetconfRpcResult {
    switch (name) {
      case 'get':
        return this.running.toData(subtreeFilter(op));
      case 'get-config':
        return this.store(datastore(op, 'source')).toData(subtreeFilter(op));
      case 'edit-config':
        return this.editConfig(session, op);
      case 'lock':
        return this.lock(session, datastore(op, 'target'));
      case 'unlock':
        return this.unlock(session, datastore(op, 'target'));
      case 'discard-changes':
        this.assertNotLockedByOther('candidate', session);
        this.candidate = this.running.copy();
        return ok;
      case 'validate':
        return this.validate(op);
      case 'commit':
        return this.commit(session, op);
      case 'cancel-commit':
        return this.cancelCommit(session, op);
      default:
        return fail({ type: 'protocol', tag: 'operation-not-supported', info: { 'bad-element': name } });
    }
  }

  sessionEnded(session: NetconfSessionInfo): void {
    for (const [store, holder] of this.locks) {
      if (holder !== session.id) continue;
      this.locks.delete(store);
      // RFC 6241 section 8.3.5.2: a candidate lock lost with its session discards the changes.
      if (store === 'candidate') this.candidate = this.running.copy();
    }
    if (this.pending && this.pending.persist === undefined && this.pending.sessionId === session.id) {
      this.rollBack(`session ${session.id}, which issued the confirmed commit, ended`);
    }
  }

  /** Stops the confirmed-commit timer; call when the server is closed. */
  dispose(): void {
    clearTimeout(this.pending?.timer);
  }

  private store(name: Store): RawConfigStore {
    return name === 'running' ? this.running : this.candidate;
  }

  private editConfig(session: NetconfSessionInfo, op: XmlElement): NetconfRpcResult {
    const target = datastore(op, 'target');
    this.assertNotLockedByOther(target, session);
    const defaultOperation = enumChild(op, 'default-operation', ['merge', 'replace', 'none'] as const) ?? 'merge';
    const errorOption: ErrorOption = enumChild(op, 'error-option', ['stop-on-error', 'continue-on-error', 'rollback-on-error'] as const) ?? 'stop-on-error';
    const testOption = enumChild(op, 'test-option', ['test-then-set', 'set', 'test-only'] as const);
    const config = op.child('config', NETCONF_BASE_NS);
    if (!config) return fail({ type: 'protocol', tag: 'missing-element', message: 'edit-config needs <config> (<url> is not supported)', info: { 'bad-element': 'config' } });
    const edited = this.store(target).copy();
    edited.edit(config, defaultOperation, errorOption);
    if (testOption === 'test-only') return ok;
    if (target === 'running') this.running = edited;
    else this.candidate = edited;
    return ok;
  }

  private lock(session: NetconfSessionInfo, target: Store): NetconfRpcResult {
    const holder = this.locks.get(target);
    if (holder !== undefined) {
      return fail({ type: 'protocol', tag: 'lock-denied', message: `the ${target} datastore is locked by session ${holder}`, info: { 'session-id': String(holder) } });
    }
    if (target === 'candidate' && !this.candidate.sameAs(this.running)) {
      // RFC 6241 section 8.3.5.1; session-id 0 because no session holds a lock.
      return fail({ type: 'protocol', tag: 'lock-denied', message: 'the candidate has uncommitted changes: discard-changes first', info: { 'session-id': '0' } });
    }
    this.locks.set(target, session.id);
    return ok;
  }

  private unlock(session: NetconfSessionInfo, target: Store): NetconfRpcResult {
    if (this.locks.get(target) !== session.id) {
      return fail({ type: 'protocol', tag: 'operation-failed', message: `session ${session.id} does not hold the lock on ${target}` });
    }
    this.locks.delete(target);
    return ok;
  }

  private validate(op: XmlElement): NetconfRpcResult {
    const source = op.child('source')?.children()[0];
    if (!source) return fail({ type: 'protocol', tag: 'missing-element', info: { 'bad-element': 'source' } });
    // Raw XML has no schema to check: an inline config is validated by applying it to a scratch store.
    if (source.local === 'config') RawConfigStore.empty().edit(source, 'merge', 'stop-on-error');
    else datastore(op, 'source');
    return ok;
  }

  private commit(session: NetconfSessionInfo, op: XmlElement): NetconfRpcResult {
    this.assertNotLockedByOther('running', session);
    this.assertNotLockedByOther('candidate', session);
    const confirmed = op.child('confirmed') !== undefined;
    const persist = op.child('persist')?.text();
    const persistId = op.child('persist-id')?.text();
    const timeoutS = positiveInteger(op, 'confirm-timeout') ?? DEFAULT_CONFIRM_TIMEOUT_S;
    this.assertMayConfirm(session, persistId);
    const rollbackTo = this.pending?.rollbackTo ?? this.running.copy();
    clearTimeout(this.pending?.timer);
    this.running = this.candidate.copy();
    this.pending = undefined;
    if (confirmed) {
      const timer = setTimeout(() => this.rollBack(`confirm-timeout of ${timeoutS} s expired`), timeoutS * 1000);
      timer.unref();
      this.pending = { rollbackTo, sessionId: session.id, persist, timer };
    }
    return ok;
  }

  private cancelCommit(session: NetconfSessionInfo, op: XmlElement): NetconfRpcResult {
    if (!this.pending) return fail({ type: 'protocol', tag: 'operation-failed', message: 'no confirmed commit is pending' });
    this.assertMayConfirm(session, op.child('persist-id')?.text());
    this.rollBack(`cancelled by session ${session.id}`);
    return ok;
  }

  /** RFC 6241 section 8.4.5.1: only the issuing session, or whoever has the persist token. */
  private assertMayConfirm(session: NetconfSessionInfo, persistId: string | undefined): void {
    const pending = this.pending;
    if (!pending) {
      if (persistId !== undefined) throw fail({ type: 'protocol', tag: 'invalid-value', message: 'no confirmed commit is pending', info: { 'bad-element': 'persist-id' } });
      return;
    }
    if (pending.persist !== undefined) {
      if (persistId !== pending.persist) throw fail({ type: 'protocol', tag: 'invalid-value', message: 'a persisted confirmed commit is pending: give its persist-id', info: { 'bad-element': 'persist-id' } });
    } else if (pending.sessionId !== session.id) {
      throw fail({ type: 'protocol', tag: 'in-use', message: `a confirmed commit of session ${pending.sessionId} is pending`, info: { 'session-id': String(pending.sessionId) } });
    }
  }

  private rollBack(reason: string): void {
    if (!this.pending) return;
    clearTimeout(this.pending.timer);
    this.running = this.pending.rollbackTo;
    this.candidate = this.running.copy();
    this.pending = undefined;
    this.rollbacks.push(reason);
  }

  private assertNotLockedByOther(store: Store, session: NetconfSessionInfo): void {
    const holder = this.locks.get(store);
    if (holder !== undefined && holder !== session.id) {
      throw fail({ type: 'protocol', tag: 'in-use', message: `the ${store} datastore is locked by session ${holder}`, info: { 'session-id': String(holder) } });
    }
  }
}

/** The datastore named inside `<source>` or `<target>`. */
function datastore(op: XmlElement, wrapper: 'source' | 'target'): Store {
  const named = op.child(wrapper)?.children()[0];
  if (!named) throw fail({ type: 'protocol', tag: 'missing-element', message: `<${op.local}> needs <${wrapper}>`, info: { 'bad-element': wrapper } });
  if (named.local === 'running' || named.local === 'candidate') return named.local;
  throw fail({ type: 'protocol', tag: 'invalid-value', message: `datastore <${named.local}> is not supported`, info: { 'bad-element': named.local } });
}

function subtreeFilter(op: XmlElement): XmlElement | undefined {
  const filter = op.child('filter');
  if (filter && (filter.attribute('type') ?? 'subtree') !== 'subtree') {
    throw fail({ type: 'protocol', tag: 'bad-attribute', message: 'only subtree filters are supported (no :xpath)', info: { 'bad-attribute': 'type', 'bad-element': 'filter' } });
  }
  return filter;
}

function enumChild<T extends string>(op: XmlElement, name: string, allowed: readonly T[]): T | undefined {
  const text = op.child(name)?.text().trim();
  if (text === undefined) return undefined;
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw fail({ type: 'protocol', tag: 'invalid-value', message: `<${name}> must be one of ${allowed.join(', ')}`, info: { 'bad-element': name } });
}

function positiveInteger(op: XmlElement, name: string): number | undefined {
  const text = op.child(name)?.text().trim();
  if (text === undefined) return undefined;
  if (/^[1-9][0-9]{0,9}$/.test(text) && Number(text) <= 4294967295) return Number(text);
  throw fail({ type: 'protocol', tag: 'invalid-value', message: `<${name}> must be a positive number of seconds`, info: { 'bad-element': name } });
}
