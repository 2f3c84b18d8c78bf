import { Capability, DeviceError, NetconfRpcError } from '#drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS_NS, NetconfTestLab, eventually } from './support/netconf-test-lab.js';
import { deviceError as rejection } from '../../../libs/drivers/test/support/device-error-of.js';

const VLANS = 'urn:spinel:test:vlans';
const vlans = (...ids: number[]) => `<vlans xmlns="${VLANS}">${ids.map((id) => `<vlan><id>${id}</id></vlan>`).join('')}</vlans>`;


describe.each([
  { framing: 'chunked', peers: 'both peers speak 1.1', server: {}, client: {} },
  { framing: 'eom', peers: 'a 1.0-only server', server: { baseVersions: ['1.0'] as const }, client: {} },
  { framing: 'eom', peers: 'a 1.0-only client', server: {}, client: { capabilities: [Capability.base10] } },
])('NETCONF over SSH, $framing framing ($peers)', ({ framing, server, client }) => {
  let lab: NetconfTestLab;

  beforeAll(async () => {
    lab = await NetconfTestLab.start(server);
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('exchanges hellos and negotiates the framing', async () => {
    const session = await lab.connect(client);
    expect(session.framing).toBe(framing);
    expect(session.sessionId).toBeGreaterThan(0);
    expect(session.hasCapability(Capability.candidate)).toBe(true);
    expect(session.hasCapability(Capability.confirmedCommit11)).toBe(true);
    // The server settles its framing when our hello arrives, which may be just after ours resolved.
    await eventually(() => lab.server.sessions().find((s) => s.id === session.sessionId)?.negotiatedFraming === framing);
  });

  it('locks, edits the candidate, validates, commits, reads running back and unlocks', async () => {
    const session = await lab.connect(client);
    await session.lock('candidate');
    await session.editConfig('candidate', `<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">${vlans(10, 20)}</config>`);
    await session.validate('candidate');
    expect(await session.getConfig('running')).not.toContain('<id>10</id>');
    await session.commit();
    await session.unlock('candidate');
    const running = await session.getConfig('running', { subtree: `<vlans xmlns="${VLANS}"/>` });
    expect(running).toBe(`<data xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">${vlans(10, 20)}</data>`);
  });

  it('carries a 2 MB configuration intact', async () => {
    const session = await lab.connect(client);
    const big = `<big xmlns="urn:spinel:test:big">${'<port><name>GE1/0/1</name><description>é€ uplink</description></port>'.repeat(30_000)}</big>`;
    await session.editConfig('running', big);
    expect(await session.getConfig('running', { subtree: '<big xmlns="urn:spinel:test:big"/>' })).toContain(big);
  });

  it('matches concurrent RPCs to their callers', async () => {
    const session = await lab.connect(client);
    const delays = [40, 5, 25, 0, 15, 30, 10, 20];
    const replies = await Promise.all(delays.map((ms) => session.rpc(`<sleep xmlns="${FAULTS_NS}">${ms}</sleep>`)));
    expect(replies.map((r) => r.data)).toEqual(delays.map((ms) => expect.stringContaining(`>${ms}</slept>`)));
  });
});

describe('NETCONF sessions: failures and concurrency control', () => {
  let lab: NetconfTestLab;

  beforeAll(async () => {
    lab = await NetconfTestLab.start();
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('times out a slow RPC with TIMEOUT and keeps the session usable', async () => {
    const session = await lab.connect();
    const error = await rejection(session.rpc(`<sleep xmlns="${FAULTS_NS}">400</sleep>`, { timeoutMs: 50 }));
    expect([error.code, error.retryable]).toEqual(['TIMEOUT', true]);
    // The next reply is queued behind the late one, which the client must discard.
    const next = await session.rpc(`<sleep xmlns="${FAULTS_NS}">1</sleep>`);
    expect(next.data).toContain('>1</slept>');
  });

  it('fails every RPC in flight with TRANSIENT when the session drops mid-RPC', async () => {
    const session = await lab.connect();
    const closed = new Promise<DeviceError>((resolve) => session.onClose(resolve));
    const dropped = rejection(session.rpc(`<drop xmlns="${FAULTS_NS}"/>`));
    const queued = rejection(session.getConfig('running'));
    const [first, second] = await Promise.all([dropped, queued]);
    expect([first.code, second.code]).toEqual(['TRANSIENT', 'TRANSIENT']);
    expect(first.retryable).toBe(true);
    expect(second.message).toMatch(/while <get-config> was in flight/);
    expect((await closed).code).toBe('TRANSIENT');
    expect(session.isOpen).toBe(false);
  });

  it('denies a second lock naming the holder, refuses its edits, and frees the lock when the holder leaves', async () => {
    const holder = await lab.connect();
    const other = await lab.connect();
    await holder.lock('candidate');
    const denied = await rejection(other.lock('candidate'));
    expect(denied).toBeInstanceOf(NetconfRpcError);
    expect([(denied as NetconfRpcError).errorTag, (denied as NetconfRpcError).errorType, (denied as NetconfRpcError).errorInfo]).toEqual([
      'lock-denied',
      'protocol',
      { 'session-id': String(holder.sessionId) },
    ]);
    expect(denied.code).toBe('TRANSIENT');
    const inUse = await rejection(other.editConfig('candidate', vlans(99)));
    expect((inUse as NetconfRpcError).errorTag).toBe('in-use');
    await holder.close();
    await eventually(async () => (await other.lock('candidate').then(() => true, () => false)));
    await other.unlock('candidate');
  });

  it('answers edit-config errors with rpc-errors and honours rollback-on-error', async () => {
    const session = await lab.connect();
    await session.editConfig('running', vlans(1));
    const nc = 'xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"';
    const create = `<vlans xmlns="${VLANS}" ${nc} nc:operation="create"/>`;
    const other = `<acl xmlns="urn:spinel:test:acl"><rule>1</rule></acl>`;
    const error = await rejection(session.editConfig('running', other + create, { errorOption: 'rollback-on-error' }));
    expect([(error as NetconfRpcError).errorTag, (error as NetconfRpcError).errorPath, error.code]).toEqual(['data-exists', '/vlans', 'REJECTED']);
    expect(await session.getConfig('running')).not.toContain('urn:spinel:test:acl');
  });

  it('rolls a confirmed commit back when it is not confirmed in time, and keeps a confirmed one', async () => {
    const session = await lab.connect();
    await session.editConfig('running', vlans(1));
    await session.discardChanges();
    await session.editConfig('candidate', vlans(1, 2));
    await session.commit({ confirmed: true, confirmTimeout: 1 });
    expect(await session.getConfig('running')).toContain('<id>2</id>');
    await eventually(async () => !(await session.getConfig('running')).includes('<id>2</id>'), 4_000);
    expect(lab.handler.rollbacks.at(-1)).toMatch(/confirm-timeout of 1 s expired/);

    await session.editConfig('candidate', vlans(1, 3));
    await session.commit({ confirmed: true, confirmTimeout: 1, persist: 'token-1' });
    const confirmer = await lab.connect();
    await confirmer.commit({ persistId: 'token-1' });
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(await session.getConfig('running')).toContain('<id>3</id>');
  });

  it('rolls back a confirmed commit whose session ends, and cancels one on request', async () => {
    const issuer = await lab.connect();
    const observer = await lab.connect();
    await issuer.editConfig('candidate', vlans(7));
    await issuer.commit({ confirmed: true });
    expect(await observer.getConfig('running')).toContain('<id>7</id>');
    const notYours = await rejection(observer.commit());
    expect((notYours as NetconfRpcError).errorTag).toBe('in-use');
    await issuer.close();
    await eventually(async () => !(await observer.getConfig('running')).includes('<id>7</id>'));

    await observer.editConfig('candidate', vlans(8));
    await observer.commit({ confirmed: true });
    await observer.cancelCommit();
    expect(await observer.getConfig('running')).not.toContain('<id>8</id>');
  });

  it('kills another session (releasing its lock) but not its own', async () => {
    const victim = await lab.connect();
    const killer = await lab.connect();
    const victimClosed = new Promise<DeviceError>((resolve) => victim.onClose(resolve));
    await victim.lock('running');
    const self = await rejection(killer.killSession(killer.sessionId));
    expect((self as NetconfRpcError).errorTag).toBe('invalid-value');
    await killer.killSession(victim.sessionId);
    expect((await victimClosed).code).toBe('TRANSIENT');
    await killer.lock('running');
    await killer.unlock('running');
    expect(lab.server.sessions().map((s) => s.id)).not.toContain(victim.sessionId);
  });

  it('answers an unknown operation with operation-not-supported', async () => {
    const session = await lab.connect();
    const error = await rejection(session.rpc('<frobnicate xmlns="urn:example:nothing"/>'));
    expect([(error as NetconfRpcError).errorTag, (error as NetconfRpcError).errorType, (error as NetconfRpcError).errorInfo]).toEqual([
      'operation-not-supported',
      'protocol',
      { 'bad-element': 'frobnicate' },
    ]);
    expect(error.retryable).toBe(false);
  });

  it('ends the server session on close-session', async () => {
    const session = await lab.connect();
    const id = session.sessionId;
    expect(lab.server.sessions().map((s) => s.id)).toContain(id);
    await session.close();
    await eventually(() => !lab.server.sessions().some((s) => s.id === id));
    expect((await rejection(session.getConfig('running'))).code).toBe('TRANSIENT');
  });
});
