import { Capability, MalformedXmlError, NETCONF_BASE_NS, type XmlElement } from '#drivers';
import type { NetconfRpcHandler, NetconfRpcResult, NetconfSessionInfo } from '../netconf/netconf-rpc-handler.js';
import { datastoreOf, enumChild, positiveInteger, rpcFail as fail, subtreeFilterElement } from '../netconf/rpc-arguments.js';
import { UnknownOperationError, readEditTree, type EditNode } from './config-tree.js';
import type { DefaultOperation, ErrorOption } from './edit-config.js';
import type { ConfigWriter, DatastoreName, SwitchConfigStore } from './switch-config-store.js';
import { operationalData } from '../oper/oper-data.js';
import type { SwitchOperations } from '../oper/switch-operations.js';

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

  /** `oper`: the switch's live state, which `<get>` adds to the running configuration. */
  constructor(
    readonly store: SwitchConfigStore,
    readonly oper?: SwitchOperations,
  ) {}

  supports(operation: string, namespace: string): boolean {
    return namespace === NETCONF_BASE_NS && OPERATIONS.has(operation);
  }

  handle(session: NetconfSessionInfo, name: string, op: XmlElement): NetconfRpcResult {
    const writer: ConfigWriter = { sessionId: session.id, username: session.username };
    switch (name) {
      case 'get':
        if (this.oper) return operationalData(this.store, this.oper, subtreeFilterElement(op));
        return this.store.toData('running', subtreeFilter(op));
      case 'get-config':
        return this.store.toData(datastoreOf(op, 'source'), subtreeFilter(op));
      case 'edit-config':
        this.store.editConfig(writer, datastoreOf(op, 'target'), configOf(op, op.child('config', NETCONF_BASE_NS)), {
          defaultOperation: enumChild<DefaultOperation>(op, 'default-operation', ['merge', 'replace', 'none']),
          errorOption: enumChild<ErrorOption>(op, 'error-option', ['stop-on-error', 'continue-on-error', 'rollback-on-error']),
          testOnly: enumChild(op, 'test-option', ['test-then-set', 'set', 'test-only']) === 'test-only',
        });
        return ok;
      case 'lock':
        this.store.lock(writer, datastoreOf(op, 'target'));
        return ok;
      case 'unlock':
        this.store.unlock(writer, datastoreOf(op, 'target'));
        return ok;
      case 'discard-changes':
        this.store.discardChanges(writer);
        return ok;
      case 'validate': {
        const source = op.child('source')?.children()[0];
        if (!source) throw fail({ type: 'protocol', tag: 'missing-element', message: '<validate> needs <source>', info: { 'bad-element': 'source' } });
        this.store.validate(source.local === 'config' ? configOf(op, source) : datastoreOf(op, 'source'));
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
  const filter = subtreeFilterElement(op);
  if (!filter) return undefined;
  return filter.children().map((c) => ({ ns: c.namespace, name: c.local }));
}



