/**
 * A configuration document the ce-netconf dialect cannot read: malformed XML, an element Spinel does
 * not manage inside a subtree it does, a value out of range. `path` locates the problem in the
 * document (`/network-instances/network-instance[name=BD10]/evpn/...`), so the drift report or the
 * rpc-error points at the offending node rather than at the whole config.
 */
export class NetconfConfigError extends Error {
  readonly code = 'INVALID_CONFIG' as const;

  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'NetconfConfigError';
  }
}
