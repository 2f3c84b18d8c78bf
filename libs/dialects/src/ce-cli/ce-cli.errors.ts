/**
 * Why a running configuration could not be read back into a DeviceIntent. A parser that skipped
 * what it did not understand would hide drift, so every such line is an error that names it.
 */
export type CeCliParseErrorCode =
  | 'SYNTAX' // indentation, tabs, a line in the wrong place
  | 'UNKNOWN_COMMAND' // a command Spinel does not configure in this view
  | 'BAD_VALUE' // a known command with a malformed or out-of-range value (bad mask, bad VNI…)
  | 'DUPLICATE' // the same object or setting twice
  | 'UNDEFINED_REFERENCE' // refers to a VPN instance, bridge domain, ACL or peer that is not defined
  | 'MISSING' // a required line is absent (a bridge domain without `vxlan vni`…)
  | 'INCONSISTENT'; // a derived line disagrees with the rest (OSPF router ID ≠ loopback…)

export class CeCliParseError extends Error {
  constructor(
    readonly code: CeCliParseErrorCode,
    /** 1-based line number in the parsed text; 0 when the problem is a line that is missing at top level. */
    readonly line: number,
    /** The offending line, trimmed (or the missing line for MISSING at top level). */
    readonly text: string,
    readonly reason: string,
  ) {
    super(line > 0 ? `ce-cli line ${line} "${text}": ${reason}` : `ce-cli configuration: ${reason}`);
    this.name = 'CeCliParseError';
  }
}

/**
 * The intent holds something this syntax cannot say, or cannot say so that it reads back the same
 * (an IPv6 prefix, a description with a line break, a bridge domain bound to an undefined VRF…).
 * It is a bug in whoever built the intent, never retried.
 */
export class CeCliRenderError extends Error {
  readonly code = 'UNRENDERABLE' as const;
  constructor(
    /** Path of the offending field, e.g. `vrfs[blue].staticRoutes[0].nextHop`. */
    readonly field: string,
    reason: string,
  ) {
    super(`ce-cli cannot render ${field}: ${reason}`);
    this.name = 'CeCliRenderError';
  }
}
