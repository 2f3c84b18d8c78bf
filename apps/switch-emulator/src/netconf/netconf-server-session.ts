import {
  Capability,
  NETCONF_BASE_NS,
  NetconfFrameDecoder,
  NetconfRpcError,
  buildHello,
  buildRpcReply,
  encodeMessage,
  negotiateFraming,
  parseHello,
  renderRpcError,
  type FramingLimits,
  type NetconfFraming,
  type XmlElement,
} from '#drivers';
import type { Duplex } from 'node:stream';
import type { SwitchFaults } from '../faults/switch-faults.js';
import type { NetconfRpcHandler, NetconfRpcResult, NetconfSessionInfo } from './netconf-rpc-handler.js';
import { readRpc } from './read-rpc.js';

/** What a session needs from the server that owns it. */
export interface NetconfSessionHost {
  readonly capabilities: readonly string[];
  readonly handler: NetconfRpcHandler;
  readonly helloTimeoutMs: number;
  readonly limits?: FramingLimits;
  /** Injected faults: latency before every rpc-reply, the connection cut around a `<commit>`. */
  readonly faults?: SwitchFaults;
  /** Ends another session (kill-session); false when no such session is open. */
  kill(sessionId: number): boolean;
  /** Called once when this session is over. */
  ended(session: NetconfServerSession): void;
  log(message: string): void;
}

/**
 * The server end of one NETCONF session on an SSH `netconf` subsystem channel: the hello
 * exchange, framing, reading each `<rpc>`, replying in order, and the protocol-level operations
 * (close-session, kill-session). Everything about data goes to the handler.
 */
export class NetconfServerSession implements NetconfSessionInfo {
  private readonly decoder: NetconfFrameDecoder;
  private framing: NetconfFraming = 'eom';
  private clientCapabilities: string[] | undefined;
  private queue: Promise<void> = Promise.resolve();
  private helloTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly id: number,
    readonly username: string,
    private readonly stream: Duplex,
    private readonly dropConnection: () => void,
    private readonly host: NetconfSessionHost,
  ) {
    this.decoder = new NetconfFrameDecoder(host.limits);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** The client's hello capabilities, once received. */
  get peerCapabilities(): readonly string[] {
    return this.clientCapabilities ?? [];
  }

  get negotiatedFraming(): NetconfFraming {
    return this.framing;
  }

  start(): void {
    this.stream.on('data', (data: Buffer) => this.receive(data));
    this.stream.on('end', () => this.end('the client closed the channel'));
    this.stream.on('close', () => this.end('the channel closed'));
    this.stream.on('error', (error: Error) => this.end(`channel error: ${error.message}`));
    this.helloTimer = setTimeout(() => this.end(`no client hello within ${this.host.helloTimeoutMs} ms`), this.host.helloTimeoutMs);
    this.write(buildHello({ capabilities: [...this.host.capabilities], sessionId: this.id }));
  }

  drop(): void {
    this.end('dropped (fault injection)');
    this.dropConnection();
  }

  /** Ends the session: closes the channel and tells the host and handler, once. */
  end(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.helloTimer);
    this.host.log(`session ${this.id} (${this.username}, ${this.framing} framing) ended: ${reason}`);
    this.stream.end();
    this.host.ended(this);
  }

  private receive(data: Buffer): void {
    if (this.closed) return;
    this.decoder.push(data);
    try {
      for (let message = this.decoder.next(); message !== undefined && !this.closed; message = this.decoder.next()) {
        if (!this.clientCapabilities) this.acceptHello(message);
        else {
          const text = message;
          // One at a time and in order (RFC 6241 section 4.2), however fast they arrive.
          this.queue = this.queue.then(() => this.process(text));
        }
      }
    } catch (error) {
      // Broken framing cannot be answered (we cannot tell where the next message starts).
      this.end(`protocol error: ${(error as Error).message}`);
    }
  }

  private acceptHello(message: string): void {
    const hello = parseHello(message);
    // RFC 6241 section 8.1: a client hello with a session-id ends the session.
    if (hello.sessionId !== undefined) throw new Error('the client hello carries a session-id');
    this.framing = negotiateFraming(this.host.capabilities, hello.capabilities);
    if (this.framing === 'chunked') this.decoder.useChunked();
    this.clientCapabilities = hello.capabilities;
    clearTimeout(this.helloTimer);
  }

  private async process(text: string): Promise<void> {
    if (this.closed) return;
    const rpc = readRpc(text, this.framing === 'chunked' || this.peerCapabilities.includes(Capability.base11));
    if (!rpc.ok) return this.answer(rpc.attributes, rpc.error);
    const { operation } = rpc;
    if (operation.namespace === NETCONF_BASE_NS && operation.local === 'close-session') {
      await this.answer(rpc.attributes, '<ok/>');
      return this.end('close-session');
    }
    if (operation.namespace === NETCONF_BASE_NS && operation.local === 'kill-session') {
      return this.answer(rpc.attributes, this.killSession(operation));
    }
    const isCommit = operation.namespace === NETCONF_BASE_NS && operation.local === 'commit';
    // Injected fault: the connection goes as the commit arrives; nothing of it is applied.
    if (isCommit && this.host.faults?.takeCommitDrop('before')) return this.drop();
    if (!this.host.handler.supports(operation.local, operation.namespace)) {
      return this.answer(
        rpc.attributes,
        new NetconfRpcError({
          type: 'protocol',
          tag: 'operation-not-supported',
          message: `<${operation.local}> (namespace ${operation.namespace || 'none'}) is not supported`,
          info: { 'bad-element': operation.local },
        }),
      );
    }
    let result: NetconfRpcResult;
    try {
      result = await this.host.handler.handle(this, operation.local, operation);
    } catch (error) {
      result = error instanceof NetconfRpcError ? error : new NetconfRpcError({ type: 'application', tag: 'operation-failed', message: (error as Error).message });
      if (!(error instanceof NetconfRpcError)) this.host.log(`session ${this.id}: <${operation.local}> failed: ${(error as Error).stack}`);
    }
    // Injected fault: the commit is applied, then the connection goes instead of the <ok/>.
    if (isCommit && typeof result === 'string' && this.host.faults?.takeCommitDrop('after')) return this.drop();
    return this.answer(rpc.attributes, result);
  }

  /** Replies after the injected latency, if any. */
  private async answer(attributes: Readonly<Record<string, string>>, result: NetconfRpcResult): Promise<void> {
    await this.host.faults?.delay();
    this.reply(attributes, result);
  }

  private killSession(operation: XmlElement): NetconfRpcResult {
    const text = operation.child('session-id')?.text().trim() ?? '';
    const target = /^[1-9][0-9]*$/.test(text) ? Number(text) : Number.NaN;
    const invalid = (message: string) => new NetconfRpcError({ type: 'protocol', tag: 'invalid-value', message, info: { 'bad-element': 'session-id' } });
    if (Number.isNaN(target)) return invalid(`"${text}" is not a session-id`);
    // RFC 6241 section 7.9: killing one's own session is an invalid-value.
    if (target === this.id) return invalid('a session cannot kill itself; use close-session');
    return this.host.kill(target) ? '<ok/>' : invalid(`no session ${target}`);
  }

  private reply(attributes: Readonly<Record<string, string>>, result: NetconfRpcResult): void {
    const content = typeof result === 'string' ? result : result.errors.map(renderRpcError).join('');
    this.write(buildRpcReply(attributes, content));
  }

  private write(message: string): void {
    // A session killed or dropped while its RPC ran gets no reply.
    if (this.closed || !this.stream.writable) return;
    this.stream.write(encodeMessage(message, this.framing));
  }
}
