import { Capability, MalformedXmlError, NETCONF_BASE_NS, NetconfRpcError, type RpcErrorInit, type XmlElement } from '#drivers';
import type { NetconfRpcHandler, NetconfRpcResult, NetconfSessionInfo } from '../netconf/netconf-rpc-handler.js';
import { UnknownOperationError, readEditTree, type EditNode } from './config-tree.js';
import type { DefaultOperation, ErrorOption } from './edit-config.js';
import type { ConfigWriter, DatastoreName, SwitchConfigStore } from './switch-config-store.js';

const OPERATIONS = new Set(['get', 'get-config', 'edit-config', 'lock', 'unlock', 'discard-changes', 'validate', 'commit', 'cancel-commit']);
const ok = '<ok/>';

/**
 * The emulated switch's NETCONF operations over its SwitchConfigStore. Only translation lives here:
 * reading an operation's parameters, and answering with data, `<ok/>` or the store's rpc-error.
 */
export class DeviceRpcHandler implements NetconfRpcHandler {
  readonly capabilities = [
    Capability.writableRunning,
    Capability.candidate,
    Capability.confirmedCommit10,
    Capability.confirmedCommit11,
    Capability.rollbackOnError,
    Capability.validate10,
    Capability.validate11,
  ];

  constructor(readonly store: SwitchConfigStore) {}

  supports(operation: string, namespace: string): boolean {
    return namespace === NETCONF_BASE_NS && OPERATIONS.has(operation);
  }

  handle(session: NetconfSessionInfo, name: string, op: XmlElement): NetconfRpcResult {
    const writer: ConfigWriter = { sessionId: session.id, username: session.username };
    switch (name) {
      case 'get':
        // No operational state is modelled yet: get answers with the running configuration.
        return this.store.toData('running', subtreeFilter(op));
      case 'get-config':
        return this.store.toData(datastore(op, 'source'), subtreeFilter(op));
      case 'edit-config':
        this.store.editConfig(writer, datastore(op, 'target'), configOf(op, op.child('config', NETCONF_BASE_NS)), {
          defaultOperation: enumChild<DefaultOperation>(op, 'default-operation', ['merge', 'replace', 'none']),
          errorOption: enumChild<ErrorOption>(op, 'error-option', ['stop-on-error', 'continue-on-error', 'rollback-on-error']),
          testOnly: enumChild(op, 'test-option', ['test-then-set', 'set', 'test-only']) === 'test-only',
        });
        return ok;
      case 'lock':
        this.store.lock(writer, datastore(op, 'target'));
        return ok;
      case 'unlock':
        this.store.unlock(writer, datastore(op, 'target'));
        return ok;
      case 'discard-changes':
        this.store.discardChanges(writer);
        return ok;
      case 'validate': {
        const source = op.child('source')?.children()[0];
        if (!source) throw fail({ type: 'protocol', tag: 'missing-element', message: '<validate> needs <source>', info: { 'bad-element': 'source' } });
        this.store.validate(source.local === 'config' ? configOf(op, source) : datastore(op, 'source'));
        return ok;
      }
      case 'commit':
        this.store.commit(writer, {
          confirmed: op.child('confirmed') !== undefined,
          confirmTimeoutS: positiveInteger(op, 'confirm-timeout'),
          persist: op.child('persist')?.text(),
          persistId: op.child('persist-id')?.text(),
        });
        return ok;
      case 'cancel-commit':
        this.store.cancelCommit(writer, op.child('persist-id')?.text());
        return ok;
      default:
        return fail({ type: 'protocol', tag: 'operation-not-supported', info: { 'bad-element': name } });
    }
  }

  sessionEnded(session: NetconfSessionInfo): void {
    this.store.sessionEnded(session.id);
  }
}

/** The datastore named inside `<source>` or `<target>`. */
function datastore(op: XmlElement, wrapper: 'source' | 'target'): DatastoreName {
  const named = op.child(wrapper)?.children()[0];
  if (!named) throw fail({ type: 'protocol', tag: 'missing-element', message: `<${op.local}> needs <${wrapper}>`, info: { 'bad-element': wrapper } });
  if (named.local === 'running' || named.local === 'candidate') return named.local;
  throw fail({ type: 'protocol', tag: 'invalid-value', message: `datastore <${named.local}> is not supported`, info: { 'bad-element': named.local } });
}

function configOf(op: XmlElement, config: XmlElement | undefined): EditNode {
  if (!config) throw fail({ type: 'protocol', tag: 'missing-element', message: `<${op.local}> needs <config> (<url> is not supported)`, info: { 'bad-element': 'config' } });
  try {
    return readEditTree(config);
  } catch (error) {
    if (error instanceof UnknownOperationError) {
      throw fail({ type: 'protocol', tag: 'bad-attribute', message: error.message, info: { 'bad-attribute': 'operation', 'bad-element': error.element } });
    }
    if (error instanceof MalformedXmlError) throw fail({ type: 'rpc', tag: 'operation-failed', message: error.detail });
    throw error;
  }
}

/** The top-level containers a subtree filter selects (deeper selection is not implemented). */
function subtreeFilter(op: XmlElement): { ns: string; name: string }[] | undefined {
  const filter = op.child('filter');
  if (!filter) return undefined;
  if ((filter.attribute('type') ?? 'subtree') !== 'subtree') {
    throw fail({ type: 'protocol', tag: 'bad-attribute', message: 'only subtree filters are supported (no :xpath)', info: { 'bad-attribute': 'type', 'bad-element': 'filter' } });
  }
  return filter.children().map((c) => ({ ns: c.namespace, name: c.local }));
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

function fail(init: RpcErrorInit): NetconfRpcError {
  return new NetconfRpcError(init);
}
