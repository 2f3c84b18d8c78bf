import { Capability, type NetconfClientOptions, NetconfFrameDecoder, type NetconfFraming, buildHello, connectSsh, encodeMessage } from '#drivers';
import type { Client, ClientChannel } from 'ssh2';

/**
 * A NETCONF channel driven by hand, to send what a correct client never would (malformed XML, an
 * rpc without message-id) and to watch the server's raw answers.
 */
export class RawNetconfChannel {
  private readonly decoder = new NetconfFrameDecoder();
  private readonly inbox: string[] = [];
  private waiters: (() => void)[] = [];
  private framing: NetconfFraming = 'eom';
  closed = false;

  private constructor(
    private readonly ssh: Client,
    private readonly channel: ClientChannel,
  ) {
    channel.on('data', (data: Buffer) => {
      this.decoder.push(data);
      for (let m = this.decoder.next(); m !== undefined; m = this.decoder.next()) this.inbox.push(m);
      this.wake();
    });
    channel.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static async open(options: NetconfClientOptions): Promise<RawNetconfChannel> {
    const { client } = await connectSsh({ ...options, port: options.port ?? 830 });
    const channel = await new Promise<ClientChannel>((resolve, reject) => client.subsys('netconf', (err, ch) => (err ? reject(err) : resolve(ch))));
    return new RawNetconfChannel(client, channel);
  }

  /** Sends our hello; with base:1.1 on both sides, later messages are chunked. */
  hello(capabilities: string[] = [Capability.base10, Capability.base11]): void {
    this.channel.write(encodeMessage(buildHello({ capabilities }), 'eom'));
    if (capabilities.includes(Capability.base11)) {
      this.framing = 'chunked';
      this.decoder.useChunked();
    }
  }

  send(message: string): void {
    this.channel.write(encodeMessage(message, this.framing));
  }

  /** Bytes as they are, no framing: to break the framing on purpose. */
  sendBytes(bytes: string): void {
    this.channel.write(bytes);
  }

  /** The next message from the server (its hello first). */
  async receive(timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.inbox.length === 0) {
      if (this.closed) throw new Error('the channel closed');
      if (Date.now() > deadline) throw new Error(`no message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.inbox.shift()!;
  }

  async waitForClose(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`the channel is still open after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  close(): void {
    this.ssh.end();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
