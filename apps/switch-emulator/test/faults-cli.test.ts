import { setTimeout as delay } from 'node:timers/promises';
import { ceCliDialect, ceNetconfDialect } from '#dialects';
import { canonicalize, type DeviceIntent } from '#intent';
import type { NetconfClient } from '#drivers';
import ssh2 from 'ssh2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSwitchArgs } from '../../cli/src/switch-command.js';
import { fixtureIntent } from './support/device-test-lab.js';
import { USER } from './support/netconf-test-lab.js';
import { deviceError, type RawCliShell, SwitchTestLab } from './support/switch-test-lab.js';

const context = { device: 'leaf-1', role: 'leaf' as const };
const parse = (data: string) => ceNetconfDialect.parse(data, context);
const leaf1 = (description?: string): DeviceIntent => {
  const intent = fixtureIntent('l2-bridge', 'leaf-1');
  if (description) intent.bridgeDomains.find((bd) => bd.id === 10001)!.description = description;
  return intent;
};

/** Faults an emulated switch plays on its CLI logins, over real SSH. */
describe('emulated switch faults at the CLI', () => {
  let lab: SwitchTestLab;
  let netconf: NetconfClient;
  beforeEach(async () => {
    lab = await SwitchTestLab.start();
    netconf = await lab.connect();
    await netconf.editConfig('running', ceNetconfDialect.render(leaf1()));
  });
  afterEach(async () => {
    await lab?.close();
  });

  /** A login in system view with bridge domain 10001's description changed, not yet committed. */
  async function changed(): Promise<RawCliShell> {
    const shell = await lab.rawLogin();
    for (const line of ['system-view', 'bridge-domain 10001', 'description from-the-cli', 'quit']) expect(await shell.type(line)).not.toContain('Error:');
    expect(shell.output).toMatch(/\[\*leaf-1\]$/);
    return shell;
  }
  const running = async () => parse(await netconf.getConfig('running'));

  it('holds every command output back by the latency set', async () => {
    const shell = await lab.rawLogin();
    lab.sw.faults.set({ latencyMs: 1_500 });
    const answered = shell.type('display current-configuration');
    await delay(400);
    expect(shell.output).toBe('');
    expect((await answered).replace(/\r\n/g, '\n')).toBe(`display current-configuration\n${ceCliDialect.render(leaf1())}<leaf-1>`);
    lab.sw.faults.clear();
  });

  it('refuses a commit while fail-commit is set and keeps the typed changes for a later commit', async () => {
    const shell = await changed();
    lab.sw.faults.set({ failCommit: { message: 'Insufficient TCAM resources' } });
    expect(await shell.type('commit')).toBe('commit\r\nError: Insufficient TCAM resources. Failed to commit the configuration.\r\n[*leaf-1]');
    expect(await running()).toEqual(canonicalize(leaf1()));
    lab.sw.faults.clear('fail-commit');
    expect(await shell.type('commit')).toBe('commit\r\n[~leaf-1]');
    expect(await running()).toEqual(canonicalize(leaf1('from-the-cli')));
  });

  it('drop-on-commit=before cuts the connection when commit is typed and applies nothing', async () => {
    const shell = await changed();
    lab.sw.faults.set({ dropOnCommit: { when: 'before', times: 1 } });
    const output = await shell.type('commit');
    expect(shell.closed).toBe(true);
    expect(output).not.toMatch(/leaf-1/);
    expect(await running()).toEqual(canonicalize(leaf1()));
    expect(lab.sw.store.commitLog).toHaveLength(1);
    expect(lab.sw.faults.current).toEqual({});
  });

  it('drop-on-commit=after applies the commit, then cuts the connection before the prompt comes back', async () => {
    const shell = await changed();
    lab.sw.faults.set({ dropOnCommit: { when: 'after' } });
    const output = await shell.type('commit');
    expect(shell.closed).toBe(true);
    expect(output).not.toMatch(/leaf-1/);
    expect(await running()).toEqual(canonicalize(leaf1('from-the-cli')));
    expect(lab.sw.store.commitLog.at(-1)).toMatchObject({ operation: 'commit', sessionId: 100_001 });
  });

  it('refuses CLI logins while refuse-login is set, as an authentication failure', async () => {
    lab.sw.faults.set({ refuseLogin: true });
    const client = new ssh2.Client();
    const failure = await new Promise<Error & { level?: string }>((resolve, reject) => {
      client.once('ready', () => reject(new Error('logged in despite refuse-login')));
      client.once('error', resolve);
      client.connect({ host: '127.0.0.1', port: lab.sw.cli.port, ...USER, readyTimeout: 5_000, hostVerifier: () => true });
    });
    client.end();
    expect(failure.level).toBe('client-authentication');
    lab.sw.faults.clear();
    await expect(lab.rawLogin()).resolves.toBeDefined();
  });
});

describe('faults set with `spinel switch --fault`', () => {
  let lab: SwitchTestLab | undefined;
  afterEach(async () => {
    await lab?.close();
  });

  it('plays the faults given at start from the first login on', async () => {
    const args = ['--name', 'leaf-1', '--role', 'leaf', '--cli-port', '0', '--netconf-port', '0', '--username', 'admin', '--password-env', 'PW'];
    const { faults } = parseSwitchArgs([...args, '--fault', 'refuse-login', '--fault', 'fail-next-commit=boom'], { PW: 'x' });
    lab = await SwitchTestLab.start({ faults });
    expect(lab.sw.faults.current).toEqual({ refuseLogin: true, failCommit: { message: 'boom', times: 1 } });
    expect(await deviceError(lab.connect())).toMatchObject({ code: 'AUTH' });
    lab.sw.faults.clear('refuse-login');
    const session = await lab.connect();
    await session.editConfig('candidate', ceNetconfDialect.render(leaf1()));
    await expect(session.commit()).rejects.toThrow(/boom/);
    await session.commit();
  });
});
