import type { NetconfRpcError, XmlElement } from '#drivers';

/** What a handler may know and do about the session an RPC came from. */
export interface NetconfSessionInfo {
  /** The NETCONF session-id (the one lock-denied errors name). */
  readonly id: number;
  readonly username: string;
  /** Cuts the connection without replying: fault injection ("the device died mid-commit"). */
  drop(): void;
}

/**
 * The inner XML of an `<rpc-reply>` (`<ok/>`, `<data>…</data>`), or the rpc-error(s) to answer
 * with. A thrown NetconfRpcError counts as returned; anything else thrown becomes
 * operation-failed.
 */
export type NetconfRpcResult = string | NetconfRpcError;

/**
 * The data model behind the NETCONF server: the server owns SSH, framing, the hello, message-ids,
 * malformed input, close-session and kill-session; everything else is the handler's.
 */
export interface NetconfRpcHandler {
  /** Capabilities announced after base:1.0 and base:1.1 (candidate, confirmed-commit…). */
  readonly capabilities: readonly string[];
  /** Operations it implements; the server answers operation-not-supported for the rest. */
  supports(operation: string, namespace: string): boolean;
  /**
   * Handles one operation. `operation` is the element inside `<rpc>` (its outerXml() carries the
   * namespace declarations it inherited). RPCs of one session arrive one at a time, in order.
   */
  handle(session: NetconfSessionInfo, name: string, operation: XmlElement): NetconfRpcResult | Promise<NetconfRpcResult>;
  /** The session ended (closed, killed or dropped): release its locks and pending commits. */
  sessionEnded?(session: NetconfSessionInfo): void;
}
