import type { Duplex } from 'node:stream';
import { DeviceError } from '../device-error.js';
import { Capability } from './capabilities.js';
import { NetconfFrameDecoder, encodeMessage, type EncodeOptions, type FramingLimits, type NetconfFraming } from './framing.js';
import { closeSessionRpc } from './operations.js';
import { assertReplySucceeded, buildHello, buildRpc, negotiateFraming, parseHello, parseRpcReply, type RpcReply } from './messages.js';

export interface NetconfClientSessionOptions {
  /** What we announce; base:1.0 and base:1.1 by default. */
  capabilities?: readonly string[];
  /** How long to wait for the server's hello. */
  helloTimeoutMs?: number;
  /** Default for `rpc()` when the call gives none. */
  rpcTimeoutMs?: number;
  limits?: FramingLimits;
  encoding?: EncodeOptions;
}

export interface RpcOptions {
  timeoutMs?: number;
}

interface PendingRpc {
  operation: string;
  resolve: (reply: RpcReply) => void;
  reject: (error: DeviceError) => void;
  timer: NodeJS.Timeout;
}

const DEFAULT_HELLO_TIMEOUT_MS = 30_000;
const DEFAULT_RPC_TIMEOUT_MS = 60_000;

/**
 * The client end of one NETCONF session over any byte stream (an SSH `netconf` subsystem channel
 * in production, an in-memory pair in unit tests): hello exchange, framing, and matching replies
 * to requests by message-id so that several RPCs can be in flight at once.
 */
export class NetconfClientSession {
  private readonly decoder: NetconfFrameDecoder;
  private framingMode: NetconfFraming = 'eom';
  private readonly pending = new Map<string, PendingRpc>();
  private nextMessageId = 1;
  private ended: DeviceError | undefined;
  private readonly closeListeners: ((reason: DeviceError) => void)[] = [];
  private helloWaiter: { resolve: () => void; reject: (error: DeviceError) => void } | undefined;
  private serverHello: { sessionId: number; capabilities: string[] } | undefined;

  private constructor(
    private readonly stream: Duplex,
    private readonly options: NetconfClientSessionOptions,
  ) {
    this.decoder = new NetconfFrameDecoder(options.limits);
  }

  /** Sends our hello, waits for the server's and settles the framing. */
  static async open(stream: Duplex, options: NetconfClientSessionOptions = {}): Promise<NetconfClientSession> {
    const session = new NetconfClientSession(stream, options);
    await session.exchangeHellos();
    return session;
  }

  get sessionId(): number {
    return this.serverHello!.sessionId;
  }

  get serverCapabilities(): readonly string[] {
    return this.serverHello!.capabilities;
  }

  get framing(): NetconfFraming {
    return this.framingMode;
  }

  get isOpen(): boolean {
    return this.ended === undefined;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Called once when the session ends, with why (TRANSIENT when the device went away). */
  onClose(listener: (reason: DeviceError) => void): void {
    if (this.ended) listener(this.ended);
    else this.closeListeners.push(listener);
  }

  /**
   * Sends one operation and resolves with the reply; rejects with NetconfRpcError when the reply
   * carries rpc-errors, TIMEOUT when no reply arrives in time (the session stays usable: a late
   * reply is dropped), TRANSIENT when the session ends first.
   */
  rpc(body: string, options: RpcOptions = {}): Promise<RpcReply> {
    if (this.ended) return Promise.reject(this.ended);
    const messageId = String(this.nextMessageId++);
    const { xml, operation } = buildRpc(messageId, body);
    const timeoutMs = options.timeoutMs ?? this.options.rpcTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    return new Promise<RpcReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(messageId);
        reject(new DeviceError('TIMEOUT', `no reply to <${operation}> (message-id ${messageId}) within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(messageId, {
        operation,
        timer,
        resolve: (reply) => {
          try {
            resolve(assertReplySucceeded(reply, operation));
          } catch (error) {
            reject(error);
          }
        },
        reject,
      });
      this.send(xml);
    });
  }

  /**
   * Ends the session politely: `<close-session>` (so the server releases our locks at once and
   * does not wait for the transport to time out), then the stream. Never throws: a session that
   * is already gone is closed.
   */
  async close(timeoutMs = 5_000): Promise<void> {
    if (this.ended) return;
    try {
      await this.rpc(closeSessionRpc(), { timeoutMs });
    } catch {
      // The device may drop the session before or instead of answering; either way it is over.
    }
    this.finish(new DeviceError('TRANSIENT', 'the NETCONF session was closed by this client'));
    this.stream.end();
  }

  /** Ends the session with the reason given; pending RPCs fail with it. */
  abort(reason: DeviceError): void {
    this.finish(reason);
    this.stream.destroy();
  }

  private exchangeHellos(): Promise<void> {
    const capabilities = this.options.capabilities ?? [Capability.base10, Capability.base11];
    const timeoutMs = this.options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS;
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.abort(new DeviceError('TIMEOUT', `no NETCONF hello from the server within ${timeoutMs} ms`)), timeoutMs);
      this.helloWaiter = {
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (error) => (clearTimeout(timer), reject(error)),
      };
    });
    this.stream.on('data', (data: Buffer) => this.receive(data));
    this.stream.on('error', (error: Error) => this.finish(new DeviceError('TRANSIENT', `NETCONF session failed: ${error.message}`, { cause: error })));
    this.stream.on('close', () => this.finish(new DeviceError('TRANSIENT', 'the NETCONF session was closed by the device')));
    this.stream.on('end', () => this.finish(new DeviceError('TRANSIENT', 'the NETCONF session was closed by the device')));
    // Both peers send their hello at once (RFC 6241 section 8.1); ours need not wait for theirs.
    this.send(buildHello({ capabilities: [...capabilities] }));
    return done;
  }

  private receive(data: Buffer): void {
    if (this.ended) return;
    this.decoder.push(data);
    try {
      for (let message = this.decoder.next(); message !== undefined; message = this.ended ? undefined : this.decoder.next()) {
        if (!this.serverHello) this.acceptHello(message);
        else this.acceptReply(message);
      }
    } catch (error) {
      this.abort(error instanceof DeviceError ? error : new DeviceError('PROTOCOL', String(error), { cause: error }));
    }
  }

  private acceptHello(message: string): void {
    const hello = parseHello(message);
    if (hello.sessionId === undefined) throw new DeviceError('PROTOCOL', 'the server hello has no session-id');
    this.serverHello = { sessionId: hello.sessionId, capabilities: hello.capabilities };
    // Decide the framing now, before the decoder reads whatever follows the hello.
    const ours = this.options.capabilities ?? [Capability.base10, Capability.base11];
    this.framingMode = negotiateFraming(ours, hello.capabilities);
    if (this.framingMode === 'chunked') this.decoder.useChunked();
    this.helloWaiter?.resolve();
  }

  private acceptReply(message: string): void {
    const reply = parseRpcReply(message);
    let id = reply.messageId;
    // A server that could not read our rpc (malformed-message) cannot echo its message-id; the
    // reply is only attributable when a single RPC is outstanding.
    if (id === undefined) {
      if (this.pending.size !== 1) throw new DeviceError('PROTOCOL', `an rpc-reply without message-id while ${this.pending.size} RPCs are in flight`);
      id = this.pending.keys().next().value!;
    }
    const waiting = this.pending.get(id);
    if (!waiting) return; // the reply to an RPC that already timed out
    this.pending.delete(id);
    clearTimeout(waiting.timer);
    waiting.resolve(reply);
  }

  private send(message: string): void {
    if (this.ended) return;
    this.stream.write(encodeMessage(message, this.framingMode, this.options.encoding));
  }

  private finish(reason: DeviceError): void {
    if (this.ended) return;
    this.ended = reason;
    this.helloWaiter?.reject(reason);
    for (const [, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new DeviceError(reason.code, `${reason.message} while <${waiting.operation}> was in flight`, { cause: reason }));
    }
    this.pending.clear();
    for (const listener of this.closeListeners.splice(0)) listener(reason);
  }
}
