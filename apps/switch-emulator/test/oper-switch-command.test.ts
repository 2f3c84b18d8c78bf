import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSwitchArgs, UsageError } from '../../cli/src/switch-command.js';

/** `spinel switch --wire-port P --cable LOCALIF=HOST:PORT/REMOTEIF …`. */
describe('spinel switch cabling flags', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'spinel-switch-flags-'));
  const env = { SWITCH_PASSWORD: 's3cret' };
  const base = ['--name', 'leaf-1', '--role', 'leaf', '--cli-port', '0', '--netconf-port', '0', '--username', 'admin', '--password-env', 'SWITCH_PASSWORD', '--state-dir', stateDir];
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('reads the wire port and every --cable', () => {
    const options = parseSwitchArgs([...base, '--wire-port', '9001', '--cable', '100GE1/0/1=127.0.0.1:9101/10GE1/0/1', '--cable', '100GE1/0/2=127.0.0.2:9102/10GE1/0/1'], env);
    expect(options.wirePort).toBe(9001);
    expect(options.cables).toEqual([
      { localPort: '100GE1/0/1', host: '127.0.0.1', port: 9101, remotePort: '10GE1/0/1' },
      { localPort: '100GE1/0/2', host: '127.0.0.2', port: 9102, remotePort: '10GE1/0/1' },
    ]);
    expect(parseSwitchArgs(base, env)).not.toHaveProperty('wirePort');
  });

  it.each([
    [['--wire-port', 'x'], "--wire-port must be a port number 0..65535, got 'x'"],
    [['--cable', '100GE1/0/1=127.0.0.1/10GE1/0/1'], '--cable must look like LOCALIF=HOST:PORT/REMOTEIF'],
    [['--cable', '100GE1/0/1=127.0.0.1:0/10GE1/0/1'], 'the wire port must be 1..65535'],
    [['--cable', '100GE1/0/9=127.0.0.1:9001/10GE1/0/1'], '--cable: 100GE1/0/9 is not a port of a leaf (10GE1/0/1…100GE1/0/6)'],
    [['--cable', '100GE1/0/1=127.0.0.1:9001/10GE1/0/1', '--cable', '100GE1/0/1=127.0.0.1:9002/10GE1/0/1'], '--cable: port 100GE1/0/1 is cabled twice'],
  ])('refuses bad cabling flags with a clear message (%#)', (extra, message) => {
    expect(() => parseSwitchArgs([...base, ...extra], env)).toThrow(UsageError);
    expect(() => parseSwitchArgs([...base, ...extra], env)).toThrow(message);
  });
});
