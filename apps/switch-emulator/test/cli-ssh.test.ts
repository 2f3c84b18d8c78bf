import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ceCliDialect, ceNetconfDialect } from '#dialects';
import { canonicalize, type DeviceIntent } from '#intent';
import type { NetconfClient } from '#drivers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliServer } from '../src/cli/cli-server.js';
import { CliTestShell, typedLines } from './support/cli-test-shell.js';
import { DeviceTestLab, fixtureIntent } from './support/device-test-lab.js';
import { USER } from './support/netconf-test-lab.js';

const context = { device: 'leaf-1', role: 'leaf' as const };
const leaf1 = (): DeviceIntent => fixtureIntent('l2-bridge', 'leaf-1');
const NI = 'http://openconfig.net/yang/network-instance';
const BASE = 'urn:ietf:params:xml:ns:netconf:base:1.0';

describe('emulated switch CLI over an SSH shell', () => {
  let lab: DeviceTestLab;
  let cli: CliServer;
  let stateDir: string;
  let netconf: NetconfClient;
  const shells: CliTestShell[] = [];

  beforeEach(async () => {
    lab = await DeviceTestLab.start('leaf-1', 'leaf');
    stateDir = mkdtempSync(join(tmpdir(), 'spinel-cli-'));
    cli = await CliServer.start({ hostKeyPath: join(stateDir, 'ssh_host_ed25519_key'), users: [USER], store: lab.store });
    netconf = await lab.connect();
  });
  afterEach(async () => {
    await Promise.all(shells.splice(0).map((s) => s.close()));
    await cli?.close();
    await lab?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function login(): Promise<CliTestShell> {
    const shell = await CliTestShell.open(cli.port, USER, cli.hostKey.fingerprint);
    shells.push(shell);
    return shell;
  }

  /** Logs in and types the golden intent's configuration in system view. */
  async function typeGolden(intent = leaf1()): Promise<CliTestShell> {
    const shell = await login();
    await shell.type('screen-length 0 temporary');
    await shell.type('system-view');
    await shell.typeAll(typedLines(ceCliDialect.render(intent)));
    return shell;
  }

  it('shows VRP prompts: user view, system view, nested views, quit and return', async () => {
    const shell = await login();
    expect(shell.prompt).toBe('<leaf-1>');
    expect(await shell.type('screen-length 0 temporary')).toContain('Info:');
    await shell.type('system-view');
    expect(shell.prompt).toBe('[~leaf-1]');
    await shell.type('bgp 65000');
    expect(shell.prompt).toBe('[*leaf-1-bgp]');
    await shell.type('l2vpn-family evpn');
    expect(shell.prompt).toBe('[*leaf-1-bgp-af-evpn]');
    await shell.type('quit');
    expect(shell.prompt).toBe('[*leaf-1-bgp]');
    await shell.type('return');
    expect(shell.prompt).toMatch(/^\[Y\(yes\)\/N\(no\)\/C\(cancel\)\]:$|Uncommitted/);
    await shell.type('N');
    expect(shell.prompt).toBe('<leaf-1>');
    expect(lab.store.commitLog).toEqual([]);
  });

  it('commits a bridge domain and a VRF typed at the CLI, and NETCONF reads the same intent', async () => {
    const shell = await typeGolden();
    expect(shell.prompt).toBe('[*leaf-1]');
    expect(await shell.type('commit')).toBe('');
    expect(shell.prompt).toBe('[~leaf-1]');
    expect(ceNetconfDialect.parse(await netconf.getConfig('running'), context)).toEqual(canonicalize(leaf1()));
    expect(lab.store.commitLog).toEqual([expect.objectContaining({ operation: 'commit', username: 'admin', sessionId: 100_001 })]);
    expect(await shell.type('display current-configuration')).toBe(ceCliDialect.render(leaf1()));
  });

  it('shows a NETCONF edit in display current-configuration', async () => {
    await netconf.editConfig('running', ceNetconfDialect.render(leaf1()));
    const shell = await login();
    expect(ceCliDialect.parse(await shell.type('display current-configuration'), context)).toEqual(canonicalize(leaf1()));
    const description =
      `<config xmlns="${BASE}"><network-instances xmlns="${NI}"><network-instance><name>BD10001</name>` +
      `<config><description>blue/web-edited</description></config></network-instance></network-instances></config>`;
    await netconf.editConfig('running', description);
    const shown = await shell.type('display current-configuration');
    const expected = leaf1();
    expected.bridgeDomains.find((bd) => bd.id === 10001)!.description = 'blue/web-edited';
    expect(ceCliDialect.parse(shown, context)).toEqual(canonicalize(expected));
  });

  it('answers an unknown or incomplete command like VRP, with a caret, and commits nothing', async () => {
    const shell = await login();
    await shell.type('system-view');
    expect(await shell.type('bridge-domian 10001')).toBe(`${' '.repeat('[~leaf-1]'.length)}^\nError: Unrecognized command found at '^' position.\n`);
    expect(await shell.type('display vlan brief')).toContain("Error: Unrecognized command found at '^' position.");
    await shell.type('bridge-domain 10001');
    expect(await shell.type('vxlan vni')).toMatch(/\^\nError: Incomplete command found at '\^' position\.\n$/);
    expect(await shell.type('vxlan vni 10001')).toBe('');
    expect(await shell.type('vxlan vni 10002')).toBe('Error: "vxlan vni" is already configured; undo it first.\n');
    await shell.type('quit');
    expect(await shell.type('interface Vbdif10009')).toBe('Error: The bridge domain 10009 does not exist.\n');
    // The rest of a leaf's configuration is missing: the strict reader refuses the commit.
    expect(await shell.type('commit')).toMatch(/^Error: .+ Failed to commit the configuration\.\n$/);
    expect(shell.prompt).toBe('[*leaf-1]');
    expect(lab.store.commitLog).toEqual([]);
    expect(await netconf.getConfig('running')).not.toContain('network-instances');
  });

  it('keeps uncommitted changes in the session\'s candidate only, until commit or abort', async () => {
    await netconf.editConfig('running', ceNetconfDialect.render(leaf1()));
    const shell = await login();
    await shell.type('system-view');
    await shell.typeAll(['bridge-domain 10001', 'description changed-at-cli', 'quit']);
    expect(shell.prompt).toBe('[*leaf-1]');
    expect(await shell.type('display configuration candidate')).toContain(' description changed-at-cli\n');
    expect(await shell.type('display current-configuration')).not.toContain('changed-at-cli');
    const other = await login();
    expect(await other.type('display current-configuration')).not.toContain('changed-at-cli');
    expect(await netconf.getConfig('running')).not.toContain('changed-at-cli');

    await shell.type('abort');
    expect(shell.prompt).toMatch(/\[Y\/N\]:$/);
    await shell.type('Y');
    expect(shell.prompt).toBe('<leaf-1>');
    await shell.type('system-view');
    expect(await shell.type('display configuration candidate')).not.toContain('changed-at-cli');
    expect(lab.store.commitLog.map((c) => c.operation)).toEqual(['edit-config']);
  });

  it('commits on leaving with Y, and the change reaches NETCONF', async () => {
    await netconf.editConfig('running', ceNetconfDialect.render(leaf1()));
    const shell = await login();
    await shell.type('system-view');
    await shell.typeAll(['bridge-domain 10002', 'description changed-at-cli', 'quit']);
    await shell.type('return');
    expect(await shell.type('Y')).toBe('\n');
    expect(shell.prompt).toBe('<leaf-1>');
    const running = ceNetconfDialect.parse(await netconf.getConfig('running'), context);
    expect(running.bridgeDomains.find((bd) => bd.id === 10002)?.description).toBe('changed-at-cli');
    expect(lab.store.commitLog.map((c) => c.operation)).toEqual(['edit-config', 'commit']);
  });

  it('refuses a commit the store refuses (NETCONF holds the candidate lock) and keeps the changes', async () => {
    await netconf.editConfig('running', ceNetconfDialect.render(leaf1()));
    await netconf.lock('candidate');
    const shell = await login();
    await shell.type('system-view');
    await shell.typeAll(['bridge-domain 10001', 'description changed-at-cli', 'quit']);
    expect(await shell.type('commit')).toBe('Error: The configuration is locked by other user. Failed to commit the configuration.\n');
    expect(shell.prompt).toBe('[*leaf-1]');
    await netconf.unlock('candidate');
    expect(await shell.type('commit')).toBe('');
    expect(await shell.type('display current-configuration')).toContain(' description changed-at-cli\n');
  });

  it('takes a line of an enclosing view as VRP does, and ends the login on quit in user view', async () => {
    await netconf.editConfig('running', ceNetconfDialect.render(leaf1()));
    const shell = await login();
    await shell.type('system-view');
    await shell.type('bridge-domain 10001');
    await shell.type('evpn');
    expect(shell.prompt).toBe('[~leaf-1-bd10001-evpn]');
    await shell.type('interface Vbdif10001');
    expect(shell.prompt).toBe('[~leaf-1-Vbdif10001]');
    await shell.type('return');
    expect(shell.prompt).toBe('<leaf-1>');
    expect(await shell.type('commit')).toContain("Error: Unrecognized command found at '^' position.");
    await expect(shell.quit()).resolves.toBeUndefined();
  });
});
