/** The namespace of every NETCONF protocol element (hello, rpc, rpc-reply, base operations). */
export const NETCONF_BASE_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';

/** Capability URIs of RFC 6241 (section 8 and 10.4) this code names. */
export const Capability = {
  base10: 'urn:ietf:params:netconf:base:1.0',
  base11: 'urn:ietf:params:netconf:base:1.1',
  writableRunning: 'urn:ietf:params:netconf:capability:writable-running:1.0',
  candidate: 'urn:ietf:params:netconf:capability:candidate:1.0',
  confirmedCommit10: 'urn:ietf:params:netconf:capability:confirmed-commit:1.0',
  confirmedCommit11: 'urn:ietf:params:netconf:capability:confirmed-commit:1.1',
  rollbackOnError: 'urn:ietf:params:netconf:capability:rollback-on-error:1.0',
  validate10: 'urn:ietf:params:netconf:capability:validate:1.0',
  validate11: 'urn:ietf:params:netconf:capability:validate:1.1',
  startup: 'urn:ietf:params:netconf:capability:startup:1.0',
  url: 'urn:ietf:params:netconf:capability:url:1.0',
  xpath: 'urn:ietf:params:netconf:capability:xpath:1.0',
} as const;

/**
 * Whether `capabilities` contains `uri`, ignoring any `?module=…` query: YANG module
 * capabilities carry parameters, and callers ask about the module, not the revision string.
 */
export function hasCapability(capabilities: readonly string[], uri: string): boolean {
  return capabilities.some((c) => c === uri || c.split('?', 1)[0] === uri);
}
