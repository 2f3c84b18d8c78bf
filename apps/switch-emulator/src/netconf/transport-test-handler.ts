import { Capability, NETCONF_BASE_NS, type XmlElement } from '#drivers';
import type { NetconfRpcHandler, NetconfRpcResult, NetconfSessionInfo } from './netconf-rpc-handler.js';
import { type ErrorOption, RawConfigStore } from './raw-config-store.js';
import { assertMayConfirm, datastoreOf, enumChild, positiveInteger, rpcFail, subtreeFilterElement } from './rpc-arguments.js';

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
const fail = rpcFail;

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
        return this.running.toData(subtreeFilterElement(op));
      case 'get-config':
        return this.store(datastoreOf(op, 'source')).toData(subtreeFilterElement(op));
      case 'edit-config':
        return this.editConfig(session, op);
      case 'lock':
        return this.lock(session, datastoreOf(op, 'target'));
      case 'unlock':
        return this.unlock(session, datastoreOf(op, 'target'));
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
    const target = datastoreOf(op, 'target');
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
    else datastoreOf(op, 'source');
    return ok;
  }

  private commit(session: NetconfSessionInfo, op: XmlElement): NetconfRpcResult {
    this.assertNotLockedByOther('running', session);
    this.assertNotLockedByOther('candidate', session);
    const confirmed = op.child('confirmed') !== undefined;
    const persist = op.child('persist')?.text();
    const persistId = op.child('persist-id')?.text();
    const timeoutS = positiveInteger(op, 'confirm-timeout') ?? DEFAULT_CONFIRM_TIMEOUT_S;
    assertMayConfirm(this.pending, session.id, persistId);
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
    assertMayConfirm(this.pending, session.id, op.child('persist-id')?.text());
    this.rollBack(`cancelled by session ${session.id}`);
    return ok;
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



