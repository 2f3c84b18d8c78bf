import { ceCliDialect } from './ce-cli/index.js';
import { ceNetconfDialect } from './ce-netconf/index.js';
import type { Dialect } from './dialect.js';

/**
 * Platform → dialect. `netconf` (any RFC 6241 device) speaks the same OpenConfig payloads as the
 * CloudEngine NETCONF platform. Unknown platforms are refused with the list of known ones.
 */
const DIALECTS = new Map<string, Dialect>([
  ['ce-cli', ceCliDialect],
  ['ce-netconf', ceNetconfDialect],
  ['netconf', ceNetconfDialect],
]);

export function dialectFor(platform: string): Dialect {
  const d = DIALECTS.get(platform);
  if (!d) throw new Error(`no dialect for platform '${platform}'; known: ${[...DIALECTS.keys()].join(', ')}`);
  return d;
}

export const KNOWN_PLATFORMS = [...DIALECTS.keys()];
