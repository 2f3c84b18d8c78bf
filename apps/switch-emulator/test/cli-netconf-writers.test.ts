import { ceNetconfDialect } from '#dialects';
import { canonicalize, type DeviceIntent } from '#intent';
import type { NetconfClient } from '#drivers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliTestShell } from './support/cli-test-shell.js';
import { fixtureIntent } from './support/device-test-lab.js';
import { rpcError, SwitchTestLab } from './support/switch-test-lab.js';

const context = { device: 'leaf-1', role: 'leaf' as const };
const parse = (data: string) => ceNetconfDialect.parse(data, context);
/** leaf-1 of the l2-bridge case with bridge domains' descriptions changed. */
const leaf1 = (descriptions: Record<number, string> = {}): DeviceIntent => {
  const intent = fixtureIntent('l2-bridge', 'leaf-1');
  for (const [id, text] of Object.entries(descriptions)) intent.bridgeDomains.find((bd) => bd.id === Number(id))!.description = text;
  return intent;
};
const LOCKED = 'Error: The configuration is locked by other user. Failed to commit the configuration.\n';

/** The CLI and NETCONF write the one running configuration independently, over real SSH. */
describe('CLI and NETCONF as independent writers of one switch', () => {
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

  /** A CLI login with bridge domain 10001's description changed, not yet committed. */
  async function cliChange(description = 'from-the-cli'): Promise<CliTestShell> {
    const shell = await lab.login();
    await shell.type('system-view');
    await shell.typeAll(['bridge-domain 10001', `description ${description}`, 'quit']);
    expect(shell.prompt).toBe('[*leaf-1]');
    return shell;
  }

  it('commits at the CLI while a NETCONF session holds uncommitted candidate changes, which stay its own', async () => {
    await netconf.editConfig('candidate', ceNetconfDialect.render(leaf1({ 10002: 'from-netconf' })));
    const shell = await cliChange();
    expect(await shell.type('commit')).toBe('');
    expect(shell.prompt).toBe('[~leaf-1]');

    expect(parse(await netconf.getConfig('running'))).toEqual(canonicalize(leaf1({ 10001: 'from-the-cli' })));
    // The candidate keeps the NETCONF session's change, on the running it was taken from.
    expect(parse(await netconf.getConfig('candidate'))).toEqual(canonicalize(leaf1({ 10002: 'from-netconf' })));
    expect(lab.sw.store.commitLog.at(-1)).toMatchObject({ operation: 'commit', username: 'admin', sessionId: 100_001, confirmed: false });
  });

  it('lets a NETCONF commit of the older candidate replace running as a whole, and discard-changes take the new running', async () => {
    await netconf.editConfig('candidate', ceNetconfDialect.render(leaf1({ 10002: 'from-netconf' })));
    const shell = await cliChange();
    expect(await shell.type('commit')).toBe('');
    await netconf.discardChanges();
    expect(parse(await netconf.getConfig('candidate'))).toEqual(canonicalize(leaf1({ 10001: 'from-the-cli' })));

    await netconf.editConfig('candidate', ceNetconfDialect.render(leaf1({ 10002: 'from-netconf' })));
    await netconf.commit();
    expect(parse(await netconf.getConfig('running'))).toEqual(canonicalize(leaf1({ 10002: 'from-netconf' })));
    expect(lab.sw.store.commitLog.map((r) => [r.operation, r.sessionId])).toEqual([
      ['edit-config', netconf.sessionId],
      ['commit', 100_001],
      ['commit', netconf.sessionId],
    ]);
  });

  it('brings a candidate without changes of its own along with a CLI commit', async () => {
    const shell = await cliChange();
    expect(await shell.type('commit')).toBe('');
    expect(parse(await netconf.getConfig('candidate'))).toEqual(canonicalize(leaf1({ 10001: 'from-the-cli' })));
  });

  it.each(['running', 'candidate'] as const)('refuses a CLI commit while a NETCONF session holds the %s lock, keeping the typed changes', async (datastore) => {
    await netconf.lock(datastore);
    const shell = await cliChange();
    expect(await shell.type('commit')).toBe(LOCKED);
    expect(shell.prompt).toBe('[*leaf-1]');
    expect(parse(await netconf.getConfig('running'))).toEqual(canonicalize(leaf1()));

    // The NETCONF side of the same rule: another session asking for the lock learns who holds it.
    const other = await lab.connect();
    expect((await rpcError(other.lock(datastore))).first).toMatchObject({ tag: 'lock-denied', info: { 'session-id': String(netconf.sessionId) } });

    await netconf.unlock(datastore);
    expect(await shell.type('commit')).toBe('');
    expect(parse(await other.getConfig('running'))).toEqual(canonicalize(leaf1({ 10001: 'from-the-cli' })));
  });

  it('refuses a CLI commit while a confirmed commit of a NETCONF session is pending (its rollback would undo it)', async () => {
    await netconf.editConfig('candidate', ceNetconfDialect.render(leaf1({ 10002: 'confirm-me' })));
    await netconf.commit({ confirmed: true, persist: 'p1' });
    const shell = await cliChange();
    expect(await shell.type('commit')).toBe(`Error: a confirmed commit of session ${netconf.sessionId} is pending. Failed to commit the configuration.\n`);
    await netconf.commit({ persistId: 'p1' });
    expect(await shell.type('commit')).toBe('');
    expect(parse(await netconf.getConfig('running'))).toEqual(canonicalize(leaf1({ 10001: 'from-the-cli', 10002: 'confirm-me' })));
  });

  it('refuses a CLI configuration the switch cannot accept and leaves running and the candidate as they were', async () => {
    await netconf.editConfig('candidate', ceNetconfDialect.render(leaf1({ 10002: 'from-netconf' })));
    const shell = await lab.login();
    await shell.type('system-view');
    // A VRF with no route distinguisher: the CLI takes the line, the commit's validation does not.
    await shell.typeAll(['ip vpn-instance orphan', 'quit']);
    expect(await shell.type('commit')).toMatch(/^Error: .+\. Failed to commit the configuration\.\n$/);
    expect(parse(await netconf.getConfig('running'))).toEqual(canonicalize(leaf1()));
    expect(parse(await netconf.getConfig('candidate'))).toEqual(canonicalize(leaf1({ 10002: 'from-netconf' })));
  });
});
