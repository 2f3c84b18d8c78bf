import { NetconfRpcError, type RpcErrorInit, type XmlElement } from '#drivers';

/**
 * Reading an operation's parameters the way RFC 6241 asks servers to answer for bad ones, and the
 * confirmed-commit rule every datastore shares. Used by every NETCONF handler of the emulator.
 */
export const rpcFail = (init: RpcErrorInit): NetconfRpcError => new NetconfRpcError(init);

/** The datastore named inside `<source>` or `<target>`. */
export function datastoreOf(op: XmlElement, wrapper: 'source' | 'target'): 'running' | 'candidate' {
  const named = op.child(wrapper)?.children()[0];
  if (!named) throw rpcFail({ type: 'protocol', tag: 'missing-element', message: `<${op.local}> needs <${wrapper}>`, info: { 'bad-element': wrapper } });
  if (named.local === 'running' || named.local === 'candidate') return named.local;
  throw rpcFail({ type: 'protocol', tag: 'invalid-value', message: `datastore <${named.local}> is not supported`, info: { 'bad-element': named.local } });
}

/** The `<filter>` element, refused unless it is a subtree filter. */
export function subtreeFilterElement(op: XmlElement): XmlElement | undefined {
  const filter = op.child('filter');
  if (filter && (filter.attribute('type') ?? 'subtree') !== 'subtree') {
    throw rpcFail({ type: 'protocol', tag: 'bad-attribute', message: 'only subtree filters are supported (no :xpath)', info: { 'bad-attribute': 'type', 'bad-element': 'filter' } });
  }
  return filter;
}

export function enumChild<T extends string>(op: XmlElement, name: string, allowed: readonly T[]): T | undefined {
  const text = op.child(name)?.text().trim();
  if (text === undefined) return undefined;
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw rpcFail({ type: 'protocol', tag: 'invalid-value', message: `<${name}> must be one of ${allowed.join(', ')}`, info: { 'bad-element': name } });
}

export function positiveInteger(op: XmlElement, name: string): number | undefined {
  const text = op.child(name)?.text().trim();
  if (text === undefined) return undefined;
  if (/^[1-9][0-9]{0,9}$/.test(text) && Number(text) <= 4294967295) return Number(text);
  throw rpcFail({ type: 'protocol', tag: 'invalid-value', message: `<${name}> must be a positive number of seconds`, info: { 'bad-element': name } });
}

/** RFC 6241 section 8.4.5.1: a pending confirmed commit is confirmed or cancelled only by its session, or with its persist-id. */
export function assertMayConfirm(pending: { sessionId: number; persist?: string } | undefined, sessionId: number, persistId: string | undefined): void {
  if (!pending) {
    if (persistId !== undefined) throw rpcFail({ type: 'protocol', tag: 'invalid-value', message: 'no confirmed commit is pending', info: { 'bad-element': 'persist-id' } });
    return;
  }
  if (pending.persist !== undefined) {
    if (persistId !== pending.persist) throw rpcFail({ type: 'protocol', tag: 'invalid-value', message: 'a persisted confirmed commit is pending: give its persist-id', info: { 'bad-element': 'persist-id' } });
  } else if (pending.sessionId !== sessionId) {
    throw rpcFail({ type: 'protocol', tag: 'in-use', message: `a confirmed commit of session ${pending.sessionId} is pending`, info: { 'session-id': String(pending.sessionId) } });
  }
}
