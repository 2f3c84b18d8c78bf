import { create } from 'xmlbuilder2';
import { DeviceError } from '../device-error.js';
import { Capability, NETCONF_BASE_NS } from './capabilities.js';
import type { NetconfFraming } from './framing.js';
import { NetconfRpcError, readRpcError, type RpcErrorDetail } from './rpc-error.js';
import { XmlElement, escapeAttribute } from './xml-element.js';

/** The NETCONF envelope (RFC 6241 sections 4 and 8.1), shared by the client and the server. */

export interface Hello {
  capabilities: string[];
  /** Present in a server's hello only (RFC 6241 section 8.1). */
  sessionId?: number;
}

const MAX_SESSION_ID = 4_294_967_295;

export function buildHello(hello: Hello): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(NETCONF_BASE_NS, 'hello');
  const capabilities = root.ele('capabilities');
  for (const uri of hello.capabilities) capabilities.ele('capability').txt(uri);
  if (hello.sessionId !== undefined) root.ele('session-id').txt(String(hello.sessionId));
  return root.end();
}

/** Reads a peer's hello; anything else where a hello must be is a protocol error. */
export function parseHello(text: string): Hello {
  const root = XmlElement.parseDocument(text);
  if (root.local !== 'hello' || root.namespace !== NETCONF_BASE_NS) {
    throw new DeviceError('PROTOCOL', `expected a <hello> in ${NETCONF_BASE_NS}, got <${root.qname}> (namespace "${root.namespace}")`);
  }
  const capabilities = (root.child('capabilities')?.children() ?? []).filter((c) => c.local === 'capability').map((c) => c.text().trim());
  if (capabilities.length === 0) throw new DeviceError('PROTOCOL', 'the peer hello announces no capabilities');
  const hello: Hello = { capabilities };
  const sessionId = root.child('session-id');
  if (sessionId) {
    const text = sessionId.text().trim();
    const value = /^[1-9][0-9]{0,9}$/.test(text) ? Number(text) : Number.NaN;
    if (!(value <= MAX_SESSION_ID)) throw new DeviceError('PROTOCOL', `the peer hello has an invalid session-id "${text}"`);
    hello.sessionId = value;
  }
  return hello;
}

/** The framing both peers speak after the hellos: chunked only when both announce base:1.1. */
export function negotiateFraming(ours: readonly string[], theirs: readonly string[]): NetconfFraming {
  if (ours.includes(Capability.base11) && theirs.includes(Capability.base11)) return 'chunked';
  if (ours.includes(Capability.base10) && theirs.includes(Capability.base10)) return 'eom';
  const bases = (caps: readonly string[]) => caps.filter((c) => c.startsWith('urn:ietf:params:netconf:base:')).join(', ') || 'none';
  throw new DeviceError('PROTOCOL', `no common NETCONF base version: we offer ${bases(ours)}, the peer offers ${bases(theirs)}`);
}

export interface BuiltRpc {
  xml: string;
  /** Local name of the operation element, for error messages. */
  operation: string;
}

/**
 * Wraps one operation element in `<rpc message-id>`. The body is spliced in as text rather than
 * imported into an xmlbuilder2 document: an edit-config body can be megabytes, and re-parsing it
 * into a DOM only to serialise it again costs far more than the round trip. The body is still
 * checked to be exactly one element, and an unprefixed operation inherits the base namespace.
 */
export function buildRpc(messageId: string, body: string): BuiltRpc {
  const operation = XmlElement.parseDocument(body);
  const xml = `<rpc xmlns="${NETCONF_BASE_NS}" message-id="${escapeAttribute(messageId)}">${operation.outerXml()}</rpc>`;
  return { xml, operation: operation.local };
}

export interface RpcReply {
  /** Absent when the server could not read our message-id (a malformed-message reply). */
  messageId: string | undefined;
  ok: boolean;
  /** The `<data>` element with the namespace declarations it inherited: ready for a dialect. */
  data: string | undefined;
  /** rpc-errors of severity error; a reply with any is a failure. */
  errors: RpcErrorDetail[];
  warnings: RpcErrorDetail[];
  /** The whole `<rpc-reply>`, for operations whose answer is neither ok nor data. */
  root: XmlElement;
}

export function parseRpcReply(text: string): RpcReply {
  const root = XmlElement.parseDocument(text);
  if (root.local !== 'rpc-reply' || root.namespace !== NETCONF_BASE_NS) {
    throw new DeviceError('PROTOCOL', `expected an <rpc-reply> in ${NETCONF_BASE_NS}, got <${root.qname}> (namespace "${root.namespace}")`);
  }
  const reply: RpcReply = { messageId: root.attribute('message-id'), ok: false, data: undefined, errors: [], warnings: [], root };
  for (const child of root.children()) {
    if (child.namespace !== NETCONF_BASE_NS) continue;
    if (child.local === 'ok') reply.ok = true;
    else if (child.local === 'data') reply.data = child.outerXml();
    else if (child.local === 'rpc-error') {
      const detail = readRpcError(child);
      (detail.severity === 'warning' ? reply.warnings : reply.errors).push(detail);
    }
  }
  return reply;
}

/** Throws the reply's rpc-errors as one NetconfRpcError; returns the reply otherwise. */
export function assertReplySucceeded(reply: RpcReply, operation?: string): RpcReply {
  if (reply.errors.length) throw new NetconfRpcError(reply.errors, operation);
  return reply;
}

/**
 * Builds an `<rpc-reply>` around already-rendered content. RFC 6241 section 4.2: the reply
 * carries every attribute of the `<rpc>` unmodified, message-id included.
 */
export function buildRpcReply(rpcAttributes: Readonly<Record<string, string>>, content: string): string {
  let attributes = '';
  for (const [name, value] of Object.entries(rpcAttributes)) {
    if (name !== 'xmlns') attributes += ` ${name}="${escapeAttribute(value)}"`;
  }
  return `<rpc-reply xmlns="${NETCONF_BASE_NS}"${attributes}>${content}</rpc-reply>`;
}
