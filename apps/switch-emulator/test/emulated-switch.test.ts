import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetconfClient, pinnedHostKey } from '#drivers';
import { parseSwitchArgs, UsageError } from '../../cli/src/switch-command.js';
import { type EmulatedSwitch, startEmulatedSwitch } from '../src/emulated-switch.js';

/** `spinel switch …`: the flags scripts rely on, and one switch behind both endpoints. */
describe('spinel switch', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'spinel-switch-'));
  const env = { SWITCH_PASSWORD: 's3cret' };
  const args = ['--name', 'leaf1', '--role', 'leaf', '--cli-port', '0', '--netconf-port', '0', '--username', 'admin', '--password-env', 'SWITCH_PASSWORD', '--state-dir', stateDir];
  let sw: EmulatedSwitch;
  beforeAll(async () => {
    sw = await startEmulatedSwitch(parseSwitchArgs(args, env));
  });
  afterAll(async () => {
    await sw?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('parses the documented flags and reads the password from the named variable', () => {
    expect(parseSwitchArgs(args, env)).toMatchObject({ name: 'leaf1', role: 'leaf', cliPort: 0, netconfPort: 0, users: [{ username: 'admin', password: 's3cret' }], stateDir });
  });

  it.each([
    [['--role', 'leaf'], /--name is required/],
    [[...args.slice(0, 2), '--role', 'router', ...args.slice(4)], /--role must be one of/],
    [args.map((a) => (a === '0' ? '70000' : a)), /--netconf-port must be a port number/],
    [[...args, '--bogus', 'x'], /Unknown option '--bogus'/],
  ])('refuses bad arguments with a clear message (%#)', (argv, message) => {
    expect(() => parseSwitchArgs(argv as string[], env)).toThrow(UsageError);
    expect(() => parseSwitchArgs(argv as string[], env)).toThrow(message);
  });

  it('refuses an unset password variable', () => {
    expect(() => parseSwitchArgs(args, {})).toThrow('environment variable SWITCH_PASSWORD (named by --password-env) is not set or empty');
  });

  it('serves NETCONF and the CLI with one host key and one configuration', async () => {
    expect(sw.cli.hostKey.fingerprint).toBe(sw.netconf.hostKey.fingerprint);
    const client = await NetconfClient.connect({ host: '127.0.0.1', port: sw.netconf.port, username: 'admin', password: 's3cret', verifyHostKey: pinnedHostKey(sw.netconf.hostKey.fingerprint) });
    try {
      const reply = await client.getConfig('running');
      expect(reply).toContain('<hostname>leaf1</hostname>');
    } finally {
      await client.close();
    }
    expect(sw.cli.port).not.toBe(sw.netconf.port);
  });
});
