import { setTimeout as delay } from 'node:timers/promises';
import { ceNetconfDialect } from '#dialects';
import { canonicalize, type DeviceIntent } from '#intent';
import type { NetconfClient } from '#drivers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_CAPABILITY, EMULATOR_NS } from '../src/faults/fault-rpc-handler.js';
import { fixtureIntent } from './support/device-test-lab.js';
import { eventually } from './support/netconf-test-lab.js';
import { deviceError, rpcError, SwitchTestLab } from './support/switch-test-lab.js';

const context = { device: 'leaf-1', role: 'leaf' as const };
const parse = (data: string) => ceNetconfDialect.parse(data, context);
const leaf1 = (description?: string): DeviceIntent => {
  const intent = fixtureIntent('l2-bridge', 'leaf-1');
  if (description) intent.bridgeDomains.find((bd) => bd.id === 10001)!.description = description;
  return intent;
};
const setFaults = (client: NetconfClient, inner: string) => client.rpc(`<set-faults xmlns="${EMULATOR_NS}">${inner}</set-faults>`);
const getFaults = async (client: NetconfClient) => (await client.rpc(`<get-faults xmlns="${EMULATOR_NS}"/>`)).data ?? '';

/** Faults an emulated switch plays on its NETCONF sessions, set in process or over NETCONF. */
describe('emulated switch faults over NETCONF', () => {
  let lab: SwitchTestLab;
  let session: NetconfClient;
  beforeEach(async () => {
    lab = await SwitchTestLab.start();
    session = await lab.connect();
    await session.editConfig('running', ceNetconfDialect.render(leaf1()));
    await session.editConfig('candidate', ceNetconfDialect.render(leaf1('changed')));
  });
  afterEach(async () => {
    await lab?.close();
  });

  const running = async () => parse(await (await lab.connect()).getConfig('running'));

  it('announces the emulator capability and reads back the faults set with <set-faults>', async () => {
    expect(session.hasCapability(EMULATOR_CAPABILITY)).toBe(true);
    await setFaults(session, '<latency-ms>5</latency-ms><fail-commit><times>2</times></fail-commit><drop-on-commit><when>after</when></drop-on-commit><refuse-login/>');
    expect(lab.sw.faults.current).toEqual({
      latencyMs: 5,
      failCommit: { message: 'The configuration failed validation (injected fault)', times: 2 },
      dropOnCommit: { when: 'after' },
      refuseLogin: true,
    });
    expect(await getFaults(session)).toContain('<latency-ms>5</latency-ms><fail-commit><message>The configuration failed validation (injected fault)</message><times>2</times></fail-commit><drop-on-commit><when>after</when></drop-on-commit><refuse-login/>');
    await session.rpc(`<clear-faults xmlns="${EMULATOR_NS}"><fault>refuse-login</fault><fault>latency</fault></clear-faults>`);
    expect(Object.keys(lab.sw.faults.current)).toEqual(['failCommit', 'dropOnCommit']);
    await session.rpc(`<clear-faults xmlns="${EMULATOR_NS}"/>`);
    expect(lab.sw.faults.current).toEqual({});
  });

  it.each([
    ['<latency-ms>-1</latency-ms>', 'invalid-value', /whole number/],
    ['<latency-ms>600001</latency-ms>', 'invalid-value', /0\.\.600000/],
    ['<drop-on-commit><when>during</when></drop-on-commit>', 'invalid-value', /before.+after/],
    ['<fail-commit><times>0</times></fail-commit>', 'invalid-value', /times must be a positive/],
    ['<reboot/>', 'unknown-element', /<set-faults> knows/],
  ])('refuses a bad <set-faults> (%s) and changes nothing', async (inner, tag, message) => {
    lab.sw.faults.set({ latencyMs: 1 });
    const error = await rpcError(setFaults(session, inner));
    expect(error.first).toMatchObject({ type: 'application', tag });
    expect(error.first.message).toMatch(message);
    expect(lab.sw.faults.current).toEqual({ latencyMs: 1 });
  });

  it('delays every rpc-reply by the latency set, and no longer once it is cleared', async () => {
    lab.sw.faults.set({ latencyMs: 1_500 });
    expect(await deviceError(session.getConfig('running', undefined, { timeoutMs: 300 }))).toMatchObject({ code: 'TIMEOUT' });
    lab.sw.faults.clear('latency');
    await delay(1_500);
    // Only the answer waits: the session is still in order and usable.
    expect(parse(await session.getConfig('running', undefined, { timeoutMs: 300 }))).toEqual(canonicalize(leaf1()));
  });

  it('refuses every commit while fail-commit is set, keeping running and the candidate', async () => {
    await setFaults(session, '<fail-commit><message>Validation failed: no memory for the FIB</message></fail-commit>');
    for (let i = 0; i < 2; i++) {
      const error = await rpcError(session.commit());
      expect(error.first).toMatchObject({ type: 'application', tag: 'operation-failed', message: 'Validation failed: no memory for the FIB' });
    }
    expect(await running()).toEqual(canonicalize(leaf1()));
    expect(parse(await session.getConfig('candidate'))).toEqual(canonicalize(leaf1('changed')));
    expect(lab.sw.store.commitLog.map((r) => r.operation)).toEqual(['edit-config']);
    lab.sw.faults.clear();
    await session.commit();
    expect(await running()).toEqual(canonicalize(leaf1('changed')));
  });

  it('refuses only the next commit with a one-shot fail-commit', async () => {
    lab.sw.faults.set({ failCommit: { times: 1 } });
    expect((await rpcError(session.commit())).first.message).toBe('The configuration failed validation (injected fault)');
    expect(lab.sw.faults.current).toEqual({});
    await session.commit();
    expect(await running()).toEqual(canonicalize(leaf1('changed')));
  });

  it('drop-on-commit=before cuts the connection as the commit arrives and applies nothing', async () => {
    lab.sw.faults.set({ dropOnCommit: { when: 'before', times: 1 } });
    const error = await deviceError(session.commit());
    expect(error).toMatchObject({ code: 'TRANSIENT', message: expect.stringContaining('closed by the device while <commit> was in flight') });
    expect(session.isOpen).toBe(false);
    expect(await running()).toEqual(canonicalize(leaf1()));
    expect(lab.sw.store.commitLog.map((r) => r.operation)).toEqual(['edit-config']);
    // One-shot: the retry from a new session goes through.
    const retry = await lab.connect();
    await retry.commit();
    expect(await running()).toEqual(canonicalize(leaf1('changed')));
  });

  it('drop-on-commit=after applies the commit and cuts the connection instead of replying', async () => {
    lab.sw.faults.set({ dropOnCommit: { when: 'after' } });
    expect(await deviceError(session.commit())).toMatchObject({ code: 'TRANSIENT' });
    expect(await running()).toEqual(canonicalize(leaf1('changed')));
    expect(lab.sw.store.commitLog.at(-1)).toMatchObject({ operation: 'commit', sessionId: session.sessionId });
    expect(lab.sw.faults.current).toEqual({ dropOnCommit: { when: 'after' } });
    // Applied means saved: a restart comes back with it.
    await lab.restart();
    expect(await running()).toEqual(canonicalize(leaf1('changed')));
  });

  it('drop-on-commit=after leaves a persisted confirmed commit pending, to be confirmed from a new session', async () => {
    lab.sw.faults.set({ dropOnCommit: { when: 'after', times: 1 } });
    await deviceError(session.commit({ confirmed: true, confirmTimeout: 600, persist: 'push-7' }));
    expect(lab.sw.store.confirmedCommitPending).toBe(true);
    const again = await lab.connect();
    expect(parse(await again.getConfig('running'))).toEqual(canonicalize(leaf1('changed')));
    await again.commit({ persistId: 'push-7' });
    expect(lab.sw.store.confirmedCommitPending).toBe(false);
    expect(lab.sw.store.rollbacks).toEqual([]);
  });

  it('drop-on-commit=after leaves a persisted confirmed commit to roll back by itself when nobody confirms it', async () => {
    lab.sw.faults.set({ dropOnCommit: { when: 'after', times: 1 } });
    await deviceError(session.commit({ confirmed: true, confirmTimeout: 1, persist: 'push-8' }));
    expect(await running()).toEqual(canonicalize(leaf1('changed')));
    await eventually(() => lab.sw.store.rollbacks.length === 1, 5_000);
    expect(lab.sw.store.rollbacks[0]).toMatch(/confirm-timeout of 1 s expired/);
    expect(await running()).toEqual(canonicalize(leaf1()));
  });

  it('drop-on-commit=after rolls a confirmed commit without persist back at once: its session ended (RFC 6241)', async () => {
    lab.sw.faults.set({ dropOnCommit: { when: 'after', times: 1 } });
    await deviceError(session.commit({ confirmed: true }));
    await eventually(() => lab.sw.store.rollbacks.length === 1);
    expect(lab.sw.store.rollbacks[0]).toMatch(/which issued the confirmed commit, ended/);
    expect(await running()).toEqual(canonicalize(leaf1()));
  });

  it('answers a refused commit normally under drop-on-commit=after and keeps the fault for the next one', async () => {
    lab.sw.faults.set({ dropOnCommit: { when: 'after', times: 1 }, failCommit: { times: 1 } });
    expect((await rpcError(session.commit())).first.tag).toBe('operation-failed');
    expect(session.isOpen).toBe(true);
    expect(lab.sw.faults.current).toEqual({ dropOnCommit: { when: 'after', times: 1 } });
  });

  it('refuses every SSH login while refuse-login is set, as an authentication failure; open sessions go on', async () => {
    await setFaults(session, '<refuse-login/>');
    expect(await deviceError(lab.connect())).toMatchObject({ code: 'AUTH' });
    expect(await session.getConfig('running')).toContain('<hostname>leaf-1</hostname>');
    await setFaults(session, '<refuse-login>false</refuse-login>');
    await expect(lab.connect()).resolves.toBeDefined();
  });
});
