import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSwitchArgs, UsageError } from '../../cli/src/switch-command.js';
import { parseSnmpFlags, parseTrapReceiver, SnmpOptionError } from '../src/snmp/snmp-agent-options.js';

describe('SNMP agent flags of spinel switch', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'spinel-switch-snmp-'));
  const env = { SWITCH_PASSWORD: 's3cret' };
  const base = ['--name', 'leaf1', '--role', 'leaf', '--cli-port', '0', '--netconf-port', '0', '--username', 'admin', '--password-env', 'SWITCH_PASSWORD', '--state-dir', stateDir];
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('leaves SNMP off without --snmp-port', () => {
    expect(parseSwitchArgs(base, env).snmp).toBeUndefined();
  });

  it('parses the port, the community (default public) and repeated trap receivers', () => {
    expect(parseSwitchArgs([...base, '--snmp-port', '0'], env).snmp).toEqual({ port: 0, community: 'public', trapReceivers: [] });
    const argv = [...base, '--snmp-port', '16100', '--snmp-community', 'n0c-ro', '--trap-receiver', '127.0.0.1:16200', '--trap-receiver', 'localhost:162', '--trap-receiver', '[::1]:16300'];
    expect(parseSwitchArgs(argv, env).snmp).toEqual({
      port: 16100,
      community: 'n0c-ro',
      trapReceivers: [
        { host: '127.0.0.1', port: 16200 },
        { host: 'localhost', port: 162 },
        { host: '::1', port: 16300 },
      ],
    });
  });

  it.each([
    [['--snmp-port', '70000'], "--snmp-port must be a port number 0..65535, got '70000'"],
    [['--snmp-port', '16x'], "--snmp-port must be a port number 0..65535, got '16x'"],
    [['--snmp-community', 'x'], '--snmp-community needs --snmp-port'],
    [['--trap-receiver', '127.0.0.1:162'], '--trap-receiver needs --snmp-port'],
    [['--snmp-port', '0', '--snmp-community', 'has space'], '--snmp-community must be 1..64 printable ASCII characters without spaces'],
    [['--snmp-port', '0', '--snmp-community', ''], '--snmp-community must be 1..64 printable ASCII characters'],
    [['--snmp-port', '0', '--trap-receiver', '127.0.0.1'], "--trap-receiver must be HOST:PORT (or [IPv6]:PORT), got '127.0.0.1'"],
    [['--snmp-port', '0', '--trap-receiver', '127.0.0.1:0'], "--trap-receiver port must be a port number 1..65535, got '0'"],
    [['--snmp-port', '0', '--trap-receiver', 'bad_host:162'], "--trap-receiver host 'bad_host' is not a hostname or an IP address"],
    [['--snmp-port', '0', '--trap-receiver', '999.1.1.1:162'], "--trap-receiver host '999.1.1.1' is not a hostname or an IP address"],
  ])('refuses %j with a usage error', (extra, message) => {
    expect(() => parseSwitchArgs([...base, ...extra], env)).toThrow(UsageError);
    expect(() => parseSwitchArgs([...base, ...extra], env)).toThrow(message);
  });

  it('exposes the same checks to other callers as SnmpOptionError', () => {
    expect(() => parseTrapReceiver('::1:162')).toThrow(SnmpOptionError);
    expect(() => parseSnmpFlags({ port: '-1' })).toThrow(SnmpOptionError);
  });
});
