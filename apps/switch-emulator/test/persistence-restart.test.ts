import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ceCliDialect, ceNetconfDialect } from '#dialects';
import { canonicalize, type DeviceIntent } from '#intent';
import { afterEach, describe, expect, it } from 'vitest';
import { SWITCH_CONFIG_FILE, SwitchStateFileError } from '../src/device/persistence.js';
import { startEmulatedSwitch } from '../src/emulated-switch.js';
import { fixtureIntent } from './support/device-test-lab.js';
import { rpcError, SwitchTestLab } from './support/switch-test-lab.js';

const context = { device: 'leaf-1', role: 'leaf' as const };
const leaf1 = (): DeviceIntent => fixtureIntent('l2-bridge', 'leaf-1');
const parse = (data: string) => ceNetconfDialect.parse(data, context);
const withDescription = (description: string): DeviceIntent => {
  const intent = leaf1();
  intent.bridgeDomains.find((bd) => bd.id === 10001)!.description = description;
  return intent;
};

/** The switch keeps running (and its newest commit records) under --state-dir, across restarts. */
describe('emulated switch configuration across restarts', () => {
  let lab: SwitchTestLab;
  afterEach(async () => {
    await lab?.close();
  });

  const stateFile = () => join(lab.stateDir, SWITCH_CONFIG_FILE);
  const saved = () => JSON.parse(readFileSync(stateFile(), 'utf8')) as { running: unknown; pendingConfirmedCommit?: { sessionId: number }; commitLog: { sessionId: number }[] };

  it('comes back with what was committed over NETCONF, and with its commit log', async () => {
    lab = await SwitchTestLab.start();
    const session = await lab.connect();
    await session.editConfig('candidate', ceNetconfDialect.render(leaf1()));
    await session.commit();
    const committer = session.sessionId;

    await lab.restart();
    const after = await lab.connect();
    expect(parse(await after.getConfig('running'))).toEqual(canonicalize(leaf1()));
    expect(lab.sw.store.commitLog).toEqual([expect.objectContaining({ sessionId: committer, username: 'admin', operation: 'commit', confirmed: false })]);
    expect(lab.sw.store.commitLog[0]!.at).toBeInstanceOf(Date);
    // Written through a temporary file renamed into place: none is left behind.
    expect(readdirSync(lab.stateDir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('comes back with what was committed at the CLI and written to running with edit-config', async () => {
    lab = await SwitchTestLab.start();
    const session = await lab.connect();
    await session.editConfig('running', ceNetconfDialect.render(leaf1()));
    const shell = await lab.login();
    await shell.type('system-view');
    await shell.typeAll(['bridge-domain 10001', 'description kept-by-the-cli', 'quit']);
    expect(await shell.type('commit')).toBe('');

    await lab.restart();
    const again = await lab.login();
    expect(await again.type('display current-configuration')).toBe(ceCliDialect.render(withDescription('kept-by-the-cli')));
    expect(lab.sw.store.commitLog.map((r) => r.operation)).toEqual(['edit-config', 'commit']);
  });

  it('does not keep the candidate: uncommitted changes are gone after a restart', async () => {
    lab = await SwitchTestLab.start();
    const session = await lab.connect();
    await session.editConfig('running', ceNetconfDialect.render(leaf1()));
    await session.editConfig('candidate', ceNetconfDialect.render(withDescription('never-committed')));

    await lab.restart();
    const after = await lab.connect();
    expect(parse(await after.getConfig('candidate'))).toEqual(canonicalize(leaf1()));
  });

  it('saves the running of before a pending confirmed commit, and rolls that commit back on restart', async () => {
    lab = await SwitchTestLab.start();
    const session = await lab.connect();
    await session.editConfig('running', ceNetconfDialect.render(leaf1()));
    const before = saved().running;
    await session.editConfig('candidate', ceNetconfDialect.render(withDescription('only-if-confirmed')));
    // With persist the commit outlives its session: only a restart (or the timeout) undoes it.
    await session.commit({ confirmed: true, confirmTimeout: 600, persist: 'pipeline-1' });
    expect(parse(await session.getConfig('running'))).toEqual(canonicalize(withDescription('only-if-confirmed')));
    expect(saved()).toMatchObject({ running: before, pendingConfirmedCommit: { sessionId: session.sessionId } });
    expect(saved().commitLog).toHaveLength(2);

    await lab.restart();
    const after = await lab.connect();
    expect(parse(await after.getConfig('running'))).toEqual(canonicalize(leaf1()));
    expect(lab.sw.store.confirmedCommitPending).toBe(false);
    expect(lab.sw.store.rollbacks).toEqual([`the switch restarted while the confirmed commit of session ${session.sessionId} was pending`]);
    expect(saved().pendingConfirmedCommit).toBeUndefined();
    // Nothing is left to confirm.
    expect((await rpcError(after.commit({ persistId: 'pipeline-1' }))).first).toMatchObject({ tag: 'invalid-value' });
  });

  it('keeps a confirmed commit once it is confirmed', async () => {
    lab = await SwitchTestLab.start();
    const session = await lab.connect();
    await session.editConfig('candidate', ceNetconfDialect.render(leaf1()));
    await session.commit({ confirmed: true, persist: 'p' });
    const confirmer = await lab.connect();
    await confirmer.commit({ persistId: 'p' });
    expect(saved().pendingConfirmedCommit).toBeUndefined();

    await lab.restart();
    const after = await lab.connect();
    expect(parse(await after.getConfig('running'))).toEqual(canonicalize(leaf1()));
    expect(lab.sw.store.rollbacks).toEqual([]);
  });

  it.each([
    ['text that is not JSON', '{"format": "spinel-switch-config", "run', /is unreadable: not JSON/],
    ['another document', '{"hello": "world"}', /is unreadable: not a spinel-switch-config document/],
    ['a newer format version', JSON.stringify({ format: 'spinel-switch-config', version: 9 }), /version 9 is not supported/],
    ['another switch', JSON.stringify({ format: 'spinel-switch-config', version: 1, device: 'spine-1', running: {}, commitLog: [] }), /holds the configuration of switch 'spine-1', not 'leaf-1'/],
    ['a broken tree', JSON.stringify({ format: 'spinel-switch-config', version: 1, device: 'leaf-1', running: { ns: '', name: 'config', children: [{ name: 3 }] }, commitLog: [] }), /"running" is not a configuration tree/],
    ['a broken commit record', JSON.stringify({ format: 'spinel-switch-config', version: 1, device: 'leaf-1', running: { ns: '', name: 'config', children: [] }, commitLog: [{ at: 'yesterday' }] }), /commitLog\[0\] is not a commit record/],
  ])('refuses to start on a state file holding %s, naming the file, and leaves it as it was', async (_what, content, reason) => {
    lab = await SwitchTestLab.start();
    await lab.stopSwitch();
    writeFileSync(stateFile(), content);
    const failure = await startEmulatedSwitch(lab.switchOptions).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(SwitchStateFileError);
    expect((failure as Error).message).toContain(`switch state file ${stateFile()} is unreadable`);
    expect((failure as Error).message).toMatch(reason);
    expect(readFileSync(stateFile(), 'utf8')).toBe(content);
  });

  it('answers operation-failed when running cannot be saved', async () => {
    lab = await SwitchTestLab.start();
    const session = await lab.connect();
    // The temporary file's name taken by a directory: the save cannot write it.
    mkdirSync(`${stateFile()}.${process.pid}.tmp`);
    await session.editConfig('candidate', ceNetconfDialect.render(leaf1()));
    const error = await rpcError(session.commit());
    expect(error.first).toMatchObject({ type: 'application', tag: 'operation-failed', message: expect.stringMatching(/^running changed but could not be saved: EISDIR/) });
  });

  it('refuses to start when the state file cannot be read at all', async () => {
    lab = await SwitchTestLab.start();
    await lab.stopSwitch();
    mkdirSync(stateFile());
    await expect(startEmulatedSwitch(lab.switchOptions)).rejects.toThrow(new RegExp(`switch state file ${stateFile()} is unreadable: EISDIR`));
  });
});
