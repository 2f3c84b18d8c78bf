import { MalformedXmlError, NETCONF_BASE_NS, NetconfRpcError, XmlElement, type RpcErrorInit } from '#drivers';
import { XMLValidator } from 'fast-xml-parser';

export type ReadRpc =
  | { ok: true; attributes: Readonly<Record<string, string>>; operation: XmlElement }
  /** `attributes` are what the error reply must echo: empty when the message-id is unknown. */
  | { ok: false; attributes: Readonly<Record<string, string>>; error: NetconfRpcError };

/**
 * Reads one client message as an `<rpc>`, or says which rpc-error answers it (RFC 6241 section
 * 4.3 and appendix A). `base11`: whether the session negotiated NETCONF 1.1 — malformed-message
 * is a 1.1 error tag that "MUST NOT be sent to old clients", which get operation-failed instead.
 */
export function readRpc(text: string, base11: boolean): ReadRpc {
  const malformed = (attributes: Record<string, string>, message: string): ReadRpc => ({
    ok: false,
    attributes,
    error: new NetconfRpcError({ type: 'rpc', tag: base11 ? 'malformed-message' : 'operation-failed', message }),
  });
  const refuse = (attributes: Record<string, string>, error: RpcErrorInit): ReadRpc => ({ ok: false, attributes, error: new NetconfRpcError(error) });

  // The envelope reader follows tags only; a client's message gets a full well-formedness check.
  const valid = XMLValidator.validate(text);
  if (valid !== true) return malformed({}, `not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  let root: XmlElement;
  try {
    root = XmlElement.parseDocument(text);
    root.children();
  } catch (error) {
    if (error instanceof MalformedXmlError) return malformed({}, error.detail);
    throw error;
  }

  if (root.local !== 'rpc') return malformed({}, root.local === 'hello' ? 'a <hello> after the hello exchange' : `expected <rpc>, got <${root.qname}>`);
  const attributes = Object.fromEntries(Object.entries(root.attributes).filter(([name]) => name !== 'xmlns'));
  if (root.namespace !== NETCONF_BASE_NS) {
    return refuse(attributes, {
      type: 'rpc',
      tag: 'unknown-namespace',
      message: `<rpc> must be in the namespace ${NETCONF_BASE_NS}`,
      info: { 'bad-element': 'rpc', 'bad-namespace': root.namespace },
    });
  }
  if (root.attribute('message-id') === undefined) {
    return refuse({}, { type: 'rpc', tag: 'missing-attribute', message: '<rpc> has no message-id attribute', info: { 'bad-attribute': 'message-id', 'bad-element': 'rpc' } });
  }
  const [operation, extra] = root.children();
  if (!operation) return refuse(attributes, { type: 'rpc', tag: 'missing-element', message: '<rpc> contains no operation', info: { 'bad-element': 'rpc' } });
  if (extra) {
    return refuse(attributes, { type: 'rpc', tag: 'unknown-element', message: 'an <rpc> holds exactly one operation', info: { 'bad-element': extra.local } });
  }
  return { ok: true, attributes, operation };
}
