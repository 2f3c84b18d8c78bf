import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { DeviceError, NetconfClient, type PresentedHostKey, parseRpcReply, pinnedHostKey } from '#drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSshKeyPair } from '../src/ssh/ssh-key-pair.js';
import { FreezableProxy } from './support/freezable-proxy.js';
import { NetconfTestLab, USER } from './support/netconf-test-lab.js';
import { RawNetconfChannel } from './support/raw-netconf-channel.js';

async function connectError(promise: Promise<unknown>): Promise<DeviceError> {
  const outcome = await promise.then(
    (client) => {
      void (client as NetconfClient).close();
      return undefined;
    },
    (error: unknown) => error,
  );
  if (!(outcome instanceof DeviceError)) throw new Error(`expected a DeviceError, got ${String(outcome)}`);
  return outcome;
}

describe('SSH: host keys and logins', () => {
  const clientKey = generateSshKeyPair();
  let lab: NetconfTestLab;

  beforeAll(async () => {
    lab = await NetconfTestLab.start({ users: [USER, { username: 'robot', authorizedKeys: [clientKey.public] }] });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('keeps its host key across restarts, so a pinned fingerprint keeps working', async () => {
    const seen: PresentedHostKey[] = [];
    const first = await lab.connect({ verifyHostKey: (key) => (seen.push(key), true) });
    expect(first.hostKey.fingerprint).toBe(lab.server.hostKey.fingerprint);
    expect(seen[0]).toMatchObject({ algorithm: 'ssh-ed25519', fingerprint: expect.stringMatching(/^SHA256:[A-Za-z0-9+/]{43}$/) });
    await first.close();

    await lab.server.close();
    await lab.startServer();
    expect(lab.server.hostKey.fingerprint).toBe(seen[0]!.fingerprint);
    const again = await lab.connect({ verifyHostKey: (key) => key.fingerprint === seen[0]!.fingerprint });
    expect(again.hostKey.publicKey).toBe(seen[0]!.publicKey);
  });

  it('refuses a changed host key with a HOST_KEY error naming both fingerprints', async () => {
    const pinned = lab.server.hostKey.fingerprint;
    await lab.server.close();
    rmSync(lab.hostKeyPath);
    await lab.startServer();
    const presented = lab.server.hostKey.fingerprint;
    expect(presented).not.toBe(pinned);

    const error = await connectError(NetconfClient.connect(lab.clientOptions({ verifyHostKey: pinnedHostKey(pinned) })));
    expect([error.code, error.retryable]).toEqual(['HOST_KEY', false]);
    expect(error.message).toContain(`presented ssh-ed25519 ${presented}, but ${pinned} is pinned`);

    const refused = await connectError(NetconfClient.connect(lab.clientOptions({ verifyHostKey: async () => false })));
    expect(refused.code).toBe('HOST_KEY');
    expect(refused.message).toMatch(/was refused by the host-key verifier/);
  });

  it('refuses a wrong password or an unknown user with AUTH, which is not retried', async () => {
    for (const credentials of [
      { username: USER.username, password: 'wrong' },
      { username: 'nobody', password: USER.password },
    ]) {
      const error = await connectError(NetconfClient.connect(lab.clientOptions(credentials)));
      expect([error.code, error.retryable]).toEqual(['AUTH', false]);
      expect(error.message).toMatch(/SSH authentication to .* failed/);
    }
  });

  it('logs in with an authorized public key, and refuses another key', async () => {
    const robot = await lab.connect({ username: 'robot', password: undefined, privateKey: clientKey.private });
    expect(robot.sessionId).toBeGreaterThan(0);
    const stranger = generateSshKeyPair();
    const error = await connectError(NetconfClient.connect(lab.clientOptions({ username: 'robot', password: undefined, privateKey: stranger.private })));
    expect(error.code).toBe('AUTH');
  });

  it('reports a refused connection as TRANSIENT', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const error = await connectError(NetconfClient.connect(lab.clientOptions({ port: closedPort })));
    expect([error.code, error.retryable]).toEqual(['TRANSIENT', true]);
  });
});

describe('SSH keepalive', () => {
  let lab: NetconfTestLab;
  let proxy: FreezableProxy;

  beforeAll(async () => {
    lab = await NetconfTestLab.start();
    proxy = await FreezableProxy.start(lab.server.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await lab?.close();
  });

  it('notices a peer that stopped answering and fails the pending RPC with TRANSIENT', async () => {
    const session = await lab.connect({ port: proxy.port, keepaliveIntervalMs: 100, keepaliveCountMax: 2, rpcTimeoutMs: 30_000 });
    const closed = new Promise<DeviceError>((resolve) => session.onClose(resolve));
    proxy.freeze();
    const pending = session.getConfig('running').then(
      () => undefined,
      (error: unknown) => error as DeviceError,
    );
    const error = await pending;
    expect(error?.code).toBe('TRANSIENT');
    expect(error?.message).toMatch(/keepalive/i);
    expect((await closed).code).toBe('TRANSIENT');
  });
});

describe('NETCONF server: malformed input (RFC 6241 appendix A)', () => {
  let lab: NetconfTestLab;
  const channels: RawNetconfChannel[] = [];

  beforeAll(async () => {
    lab = await NetconfTestLab.start({ helloTimeoutMs: 300 });
  });
  afterAll(async () => {
    for (const c of channels) c.close();
    await lab?.close();
  });

  async function helloed(capabilities?: string[]): Promise<RawNetconfChannel> {
    const channel = await RawNetconfChannel.open(lab.clientOptions());
    channels.push(channel);
    expect(await channel.receive()).toContain('<session-id>');
    channel.hello(capabilities);
    return channel;
  }

  it('answers XML that is not well-formed with malformed-message and no message-id', async () => {
    const channel = await helloed();
    channel.send('<rpc message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get></rpc>');
    const reply = parseRpcReply(await channel.receive());
    expect(reply.messageId).toBeUndefined();
    expect(reply.errors[0]).toMatchObject({ type: 'rpc', tag: 'malformed-message', severity: 'error' });
    // The session survives: the next well-formed rpc is answered.
    channel.send('<rpc message-id="2" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get/></rpc>');
    expect(parseRpcReply(await channel.receive())).toMatchObject({ messageId: '2', errors: [] });
  });

  it('answers an rpc without message-id with missing-attribute', async () => {
    const channel = await helloed();
    channel.send('<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get/></rpc>');
    const reply = parseRpcReply(await channel.receive());
    expect(reply.errors[0]).toMatchObject({ type: 'rpc', tag: 'missing-attribute', info: { 'bad-attribute': 'message-id', 'bad-element': 'rpc' } });
  });

  it('answers an rpc outside the NETCONF namespace with unknown-namespace, echoing every attribute', async () => {
    const channel = await helloed();
    channel.send('<rpc message-id="7" xmlns="urn:wrong" xmlns:ex="urn:ex" ex:user="fred"><get/></rpc>');
    const reply = parseRpcReply(await channel.receive());
    expect([reply.messageId, reply.root.attribute('ex:user')]).toEqual(['7', 'fred']);
    expect(reply.errors[0]).toMatchObject({ tag: 'unknown-namespace', info: { 'bad-namespace': 'urn:wrong' } });
  });

  it('uses operation-failed instead of malformed-message with a NETCONF 1.0 client', async () => {
    const channel = await helloed(['urn:ietf:params:netconf:base:1.0']);
    channel.send('<rpc message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get>');
    expect(parseRpcReply(await channel.receive()).errors[0]).toMatchObject({ type: 'rpc', tag: 'operation-failed' });
  });

  it('ends a session whose client never says hello', async () => {
    const channel = await RawNetconfChannel.open(lab.clientOptions());
    channels.push(channel);
    await channel.receive();
    await channel.waitForClose();
  });

  it('ends a session whose chunk framing is broken', async () => {
    const channel = await helloed();
    channel.send('<rpc message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get/></rpc>');
    await channel.receive();
    channel.sendBytes('\n#x\n');
    await channel.waitForClose();
  });
});
