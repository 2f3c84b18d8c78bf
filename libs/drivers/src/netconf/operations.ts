import { create } from 'xmlbuilder2';
import { NETCONF_BASE_NS } from './capabilities.js';
import { XmlElement, escapeAttribute } from './xml-element.js';

/** Bodies of the RFC 6241 base operations, for `<rpc>`: pure functions from parameters to XML. */

type XMLBuilder = ReturnType<typeof create>;

export type Datastore = 'running' | 'candidate' | 'startup';

/** A subtree filter (raw XML, one or more elements) or an XPath filter (needs :xpath). */
export type NetconfFilter = { subtree: string } | { xpath: string; namespaces?: Record<string, string> };

export interface EditConfigOptions {
  defaultOperation?: 'merge' | 'replace' | 'none';
  errorOption?: 'stop-on-error' | 'continue-on-error' | 'rollback-on-error';
  testOption?: 'test-then-set' | 'set' | 'test-only';
}

export interface CommitOptions {
  /** Make this a confirmed commit (needs :confirmed-commit): it rolls back unless confirmed. */
  confirmed?: boolean;
  /** Seconds until an unconfirmed commit rolls back (the device's default is 600). */
  confirmTimeout?: number;
  /** Token that lets another session confirm or cancel (confirmed-commit:1.1). */
  persist?: string;
  /** Confirms (or extends) a persisted confirmed commit from any session. */
  persistId?: string;
}

function operation(name: string): XMLBuilder {
  return create().ele(NETCONF_BASE_NS, name);
}

function render(op: XMLBuilder): string {
  return op.end({ headless: true });
}

/**
 * Appends raw, caller-provided XML as the last child of a rendered operation. Payloads (a whole
 * `<config>`, a subtree filter) are spliced as text: importing them into the builder would parse
 * and re-serialise megabytes for nothing. They are checked to be well-nested first.
 */
function appendRaw(rendered: string, name: string, raw: string): string {
  const selfClosed = rendered.endsWith('/>');
  const head = selfClosed ? `${rendered.slice(0, -2)}>` : rendered.slice(0, -`</${name}>`.length);
  return `${head}${raw}</${name}>`;
}

function datastore(parent: XMLBuilder, wrapper: 'source' | 'target', store: Datastore): void {
  parent.ele(wrapper).ele(store);
}

function renderFilter(filter: NetconfFilter): string {
  if ('subtree' in filter) {
    // Parsing inside a wrapper accepts several top-level elements and proves they nest.
    const checked = XmlElement.parseDocument(`<filter>${filter.subtree}</filter>`);
    return `<filter type="subtree">${checked.innerXml()}</filter>`;
  }
  let declarations = '';
  for (const [prefix, uri] of Object.entries(filter.namespaces ?? {})) declarations += ` xmlns:${prefix}="${escapeAttribute(uri)}"`;
  return `<filter type="xpath"${declarations} select="${escapeAttribute(filter.xpath)}"/>`;
}

export function getRpc(filter?: NetconfFilter): string {
  const rendered = render(operation('get'));
  return filter ? appendRaw(rendered, 'get', renderFilter(filter)) : rendered;
}

export function getConfigRpc(source: Datastore, filter?: NetconfFilter): string {
  const op = operation('get-config');
  datastore(op, 'source', source);
  const rendered = render(op);
  return filter ? appendRaw(rendered, 'get-config', renderFilter(filter)) : rendered;
}

/**
 * `config` is either a whole `<config>` element in the NETCONF namespace (what the dialects
 * render) or the elements to put inside one.
 */
export function editConfigRpc(target: Datastore, config: string, options: EditConfigOptions = {}): string {
  const op = operation('edit-config');
  datastore(op, 'target', target);
  if (options.defaultOperation) op.ele('default-operation').txt(options.defaultOperation);
  if (options.testOption) op.ele('test-option').txt(options.testOption);
  if (options.errorOption) op.ele('error-option').txt(options.errorOption);
  return appendRaw(render(op), 'edit-config', configElement(config));
}

function configElement(config: string): string {
  let element: XmlElement;
  try {
    element = XmlElement.parseDocument(config);
  } catch {
    // Several top-level elements (or garbage, which the second parse reports): wrap them.
    return XmlElement.parseDocument(`<config>${config}</config>`).outerXml();
  }
  if (element.local === 'config' && (element.namespace === NETCONF_BASE_NS || element.namespace === '')) return element.outerXml();
  return `<config>${element.outerXml()}</config>`;
}

export function lockRpc(target: Datastore): string {
  const op = operation('lock');
  datastore(op, 'target', target);
  return render(op);
}

export function unlockRpc(target: Datastore): string {
  const op = operation('unlock');
  datastore(op, 'target', target);
  return render(op);
}

export function discardChangesRpc(): string {
  return render(operation('discard-changes'));
}

/** Validates a datastore, or a `<config>` given inline (same forms as editConfigRpc). */
export function validateRpc(source: Datastore | { config: string }): string {
  const op = operation('validate');
  if (typeof source === 'string') {
    datastore(op, 'source', source);
    return render(op);
  }
  return appendRaw(render(op), 'validate', `<source>${configElement(source.config)}</source>`);
}

export function commitRpc(options: CommitOptions = {}): string {
  const op = operation('commit');
  if (options.confirmed) {
    op.ele('confirmed');
    if (options.confirmTimeout !== undefined) {
      if (!Number.isInteger(options.confirmTimeout) || options.confirmTimeout < 1) {
        throw new RangeError(`confirmTimeout is a positive number of seconds, got ${options.confirmTimeout}`);
      }
      op.ele('confirm-timeout').txt(String(options.confirmTimeout));
    }
    if (options.persist !== undefined) op.ele('persist').txt(options.persist);
  }
  if (options.persistId !== undefined) op.ele('persist-id').txt(options.persistId);
  return render(op);
}

export function cancelCommitRpc(persistId?: string): string {
  const op = operation('cancel-commit');
  if (persistId !== undefined) op.ele('persist-id').txt(persistId);
  return render(op);
}

export function killSessionRpc(sessionId: number): string {
  const op = operation('kill-session');
  op.ele('session-id').txt(String(sessionId));
  return render(op);
}

export function closeSessionRpc(): string {
  return render(operation('close-session'));
}
