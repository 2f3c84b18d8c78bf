import { Duplex, PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceError } from '../device-error.js';
import { Capability } from './capabilities.js';
import { NetconfFrameDecoder, encodeMessage, type NetconfFraming } from './framing.js';
import { buildHello, buildRpcReply } from './messages.js';
import { NetconfClientSession } from './netconf-client-session.js';
import { NetconfRpcError, renderRpcError } from './rpc-error.js';
import { XmlElement } from './xml-element.js';

/**
 * A scripted server on the other end of an in-memory stream: it shows what the client does with
 * replies a well-behaved server never sends (out of order, late, without message-id, garbage).
 */
class ScriptedServer {
  readonly toServer = new PassThrough();
  readonly toClient = new PassThrough();
  readonly clientStream: Duplex = Duplex.from({ readable: this.toClient, writable: this.toServer });
  readonly received: XmlElement[] = [];
  private readonly decoder = new NetconfFrameDecoder();
  private framing: NetconfFraming = 'eom';
  private waiters: (() => void)[] = [];

  constructor(private readonly capabilities = [Capability.base10, Capability.base11]) {
    this.toServer.on('data', (data: Buffer) => {
      this.decoder.push(data);
      for (let m = this.decoder.next(); m !== undefined; m = this.decoder.next()) {
        const root = XmlElement.parseDocument(m);
        if (root.local === 'hello') {
          if (capabilities.includes(Capability.base11)) {
            this.decoder.useChunked();
            this.framing = 'chunked';
          }
        } else this.received.push(root);
        for (const w of this.waiters.splice(0)) w();
      }
    });
  }

  sendHello(sessionId = 1): void {
    this.toClient.write(encodeMessage(buildHello({ capabilities: this.capabilities, sessionId }), 'eom'));
  }

  reply(messageId: string | undefined, content: string): void {
    this.toClient.write(encodeMessage(buildRpcReply(messageId === undefined ? {} : { 'message-id': messageId }, content), this.framing));
  }

  async rpcs(count: number): Promise<XmlElement[]> {
    while (this.received.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.received.slice(0, count);
  }
}

let sessions: NetconfClientSession[] = [];

async function openWith(server: ScriptedServer, options = {}): Promise<NetconfClientSession> {
  server.sendHello();
  const session = await NetconfClientSession.open(server.clientStream, options);
  sessions.push(session);
  return session;
}

afterEach(() => {
  for (const s of sessions) s.abort(new DeviceError('TRANSIENT', 'test over'));
  sessions = [];
});

describe('NetconfClientSession', () => {
  it('resolves concurrent RPCs by message-id even when the replies come back out of order', async () => {
    const server = new ScriptedServer();
    const session = await openWith(server);
    expect([session.sessionId, session.framing]).toEqual([1, 'chunked']);
    const calls = ['a', 'b', 'c'].map((name) => session.rpc(`<get><filter type="subtree"><${name}/></filter></get>`));
    const rpcs = await server.rpcs(3);
    for (const rpc of [...rpcs].reverse()) {
      const asked = rpc.children()[0]!.child('filter')!.children()[0]!.local;
      server.reply(rpc.attribute('message-id'), `<data><${asked}/></data>`);
    }
    const replies = await Promise.all(calls);
    expect(replies.map((r) => r.data)).toEqual(['a', 'b', 'c'].map((n) => `<data xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><${n}/></data>`));
  });

  it('uses end-of-message framing with a NETCONF 1.0 server', async () => {
    const server = new ScriptedServer([Capability.base10]);
    const session = await openWith(server);
    expect(session.framing).toBe('eom');
    const call = session.rpc('<lock><target><candidate/></target></lock>');
    const [rpc] = await server.rpcs(1);
    server.reply(rpc!.attribute('message-id'), '<ok/>');
    await expect(call).resolves.toMatchObject({ ok: true });
  });

  it('times out one RPC, drops its late reply, and stays usable', async () => {
    const server = new ScriptedServer();
    const session = await openWith(server);
    const slow = session.rpc('<get/>', { timeoutMs: 30 });
    const error = await slow.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceError);
    expect([(error as DeviceError).code, (error as DeviceError).retryable]).toEqual(['TIMEOUT', true]);
    expect((error as Error).message).toMatch(/no reply to <get> \(message-id 1\) within 30 ms/);
    const next = session.rpc('<get/>');
    const rpcs = await server.rpcs(2);
    server.reply(rpcs[0]!.attribute('message-id'), '<data><late/></data>');
    server.reply(rpcs[1]!.attribute('message-id'), '<data><fresh/></data>');
    expect((await next).data).toContain('<fresh/>');
    expect(session.isOpen).toBe(true);
  });

  it('rejects with NetconfRpcError on rpc-error, and attributes a reply without message-id to the only RPC in flight', async () => {
    const server = new ScriptedServer();
    const session = await openWith(server);
    const call = session.rpc('<commit/>');
    await server.rpcs(1);
    server.reply(undefined, renderRpcError({ type: 'rpc', tag: 'malformed-message', severity: 'error', info: {} }));
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetconfRpcError);
    expect((error as NetconfRpcError).code).toBe('PROTOCOL');
  });

  it('fails every RPC in flight with TRANSIENT when the stream ends', async () => {
    const server = new ScriptedServer();
    const session = await openWith(server);
    const calls = [session.rpc('<get/>'), session.rpc('<get-config><source><running/></source></get-config>')];
    await server.rpcs(2);
    server.toClient.end();
    const errors = (await Promise.all(calls.map((c) => c.catch((e: unknown) => e)))) as DeviceError[];
    expect(errors.map((e) => e.code)).toEqual(['TRANSIENT', 'TRANSIENT']);
    expect(errors[1]!.message).toMatch(/closed by the device while <get-config> was in flight/);
    await expect(session.rpc('<get/>')).rejects.toMatchObject({ code: 'TRANSIENT' });
  });

  it('ends the session with PROTOCOL when the server breaks the framing', async () => {
    const server = new ScriptedServer();
    const session = await openWith(server);
    const call = session.rpc('<get/>');
    await server.rpcs(1);
    server.toClient.write('garbage');
    await expect(call).rejects.toMatchObject({ code: 'PROTOCOL', message: expect.stringMatching(/malformed chunk header/) });
    expect(session.isOpen).toBe(false);
  });

  it('gives up on a server that never says hello, and on one without a common base version', async () => {
    const silent = new ScriptedServer();
    await expect(NetconfClientSession.open(silent.clientStream, { helloTimeoutMs: 30 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    const old = new ScriptedServer([Capability.base10]);
    old.sendHello();
    await expect(NetconfClientSession.open(old.clientStream, { capabilities: [Capability.base11] })).rejects.toMatchObject({
      code: 'PROTOCOL',
      message: expect.stringMatching(/no common NETCONF base version/),
    });
  });
});
