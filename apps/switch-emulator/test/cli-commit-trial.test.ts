import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ceNetconfDialect } from '#dialects';
import type { DeviceIntent } from '#intent';
import type { NetconfClient } from '#drivers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliServer } from '../src/cli/cli-server.js';
import { CliTestShell } from './support/cli-test-shell.js';
import { DeviceTestLab, fixtureIntent } from './support/device-test-lab.js';
import { USER } from './support/netconf-test-lab.js';

const leaf1 = (): DeviceIntent => fixtureIntent('l2-bridge', 'leaf-1');

/** Waits (asserting nothing about time) until the store has rolled back `count` commits. */
async function rolledBack(lab: DeviceTestLab, count: number): Promise<void> {
  while (lab.store.rollbacks.length < count) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('emulated CLI: commit trial, its confirmation and configuration exclusive', () => {
  let lab: DeviceTestLab;
  let cli: CliServer;
  let stateDir: string;
  let netconf: NetconfClient;
  const shells: CliTestShell[] = [];

  beforeEach(async () => {
    lab = await DeviceTestLab.start('leaf-1', 'leaf');
    stateDir = mkdtempSync(join(tmpdir(), 'spinel-cli-trial-'));
    cli = await CliServer.start({ hostKeyPath: join(stateDir, 'ssh_host_ed25519_key'), users: [USER], store: lab.store });
    netconf = await lab.connect();
    await netconf.editConfig('running', ceNetconfDialect.render(leaf1()));
  });
  afterEach(async () => {
    await Promise.all(shells.splice(0).map((s) => s.close()));
    await cli?.close();
    await lab?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function changedInSystemView(): Promise<CliTestShell> {
    const shell = await CliTestShell.open(cli.port, USER, cli.hostKey.fingerprint);
    shells.push(shell);
    await shell.type('system-view');
    await shell.typeAll(['bridge-domain 10001', 'description changed-at-cli', 'quit']);
    return shell;
  }

  it('commit trial applies at once and rolls back when no commit confirms it', async () => {
    const shell = await changedInSystemView();
    expect(await shell.type('commit trial 1')).toBe('');
    expect(shell.prompt).toBe('[~leaf-1]');
    expect(await shell.type('display configuration trial status')).toBe('Trial status: running\n');
    expect(await shell.type('display current-configuration')).toContain('description changed-at-cli');
    expect(lab.store.commitLog.at(-1)).toMatchObject({ operation: 'commit', confirmed: true, sessionId: 100_001 });
    await rolledBack(lab, 1);
    expect(await shell.type('display current-configuration')).not.toContain('changed-at-cli');
    expect(await shell.type('display configuration trial status')).toBe('Trial status: none\n');
  });

  it('a plain commit, from this or another login, confirms the trial', async () => {
    const shell = await changedInSystemView();
    await shell.type('commit trial 600');
    await shell.close();
    const other = await CliTestShell.open(cli.port, USER, cli.hostKey.fingerprint);
    shells.push(other);
    await other.type('system-view');
    expect(await other.type('commit')).toBe('');
    expect(lab.store.confirmedCommitPending).toBe(false);
    expect(await other.type('display current-configuration')).toContain('description changed-at-cli');
    expect(lab.store.commitLog.map((c) => c.confirmed)).toEqual([false, true, false]);
  });

  it('abort trial rolls back at once; a bad time is refused', async () => {
    const shell = await changedInSystemView();
    expect(await shell.type('commit trial 0')).toMatch(/^Error: Wrong parameter/);
    expect(await shell.type('commit trial soon')).toMatch(/^Error: Wrong parameter/);
    expect(shell.prompt).toBe('[*leaf-1]');
    await shell.type('commit trial 600');
    expect(await shell.type('abort trial')).toBe('');
    expect(lab.store.rollbacks).toHaveLength(1);
    expect(await shell.type('display current-configuration')).not.toContain('changed-at-cli');
    expect(await shell.type('abort trial')).toBe('Error: No trial commit is running.\n');
  });

  it('configuration exclusive keeps other logins and NETCONF from committing until released or logged out', async () => {
    const holder = await CliTestShell.open(cli.port, USER, cli.hostKey.fingerprint);
    shells.push(holder);
    expect(await holder.type('configuration exclusive')).toBe('');
    const other = await changedInSystemView();
    expect(await other.type('configuration exclusive')).toMatch(/^Error: The configuration is locked: the running datastore is locked by session 100001 \(admin\)\.\n$/);
    expect(await other.type('commit')).toMatch(/locked.*Failed to commit the configuration/);
    expect(await holder.type('undo configuration exclusive')).toBe('');
    expect(await holder.type('undo configuration exclusive')).toMatch(/^Error: This session does not hold/);
    expect(await other.type('configuration exclusive')).toBe('');
    await other.close();
    shells.splice(shells.indexOf(other), 1);
    // The login ended: its lock went with it.
    while (lab.store.lockHolder('running')) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await holder.type('configuration exclusive')).toBe('');
  });
});
