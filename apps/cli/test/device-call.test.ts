import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '#intent';
import { CeNetconfDriver } from '#drivers';
import { type EmulatedSwitch, startEmulatedSwitch } from '../../switch-emulator/src/emulated-switch.js';
import { intentA } from '../../../libs/drivers/test/contract/driver-contract.js';
import { deviceMain, toJson } from '../src/device-command.js';

const PASSWORD = 'call-password';
const env = { SW_PASSWORD: PASSWORD };

/** `spinel device call …` against an emulated switch: JSON out, exit codes by DeviceError code. */
describe('spinel device call', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'spinel-device-call-'));
  const keys = ssh2.utils.generateKeyPairSync('ed25519');
  const keyFile = join(stateDir, 'id_ed25519');
  let sw: EmulatedSwitch;

  beforeAll(async () => {
    writeFileSync(keyFile, keys.private, { mode: 0o600 });
    sw = await startEmulatedSwitch({
      name: 'leaf-1',
      role: 'leaf',
      netconfPort: 0,
      cliPort: 0,
      users: [{ username: 'admin', password: PASSWORD, authorizedKeys: [keys.public] }],
      stateDir,
    });
    const driver = new CeNetconfDriver({ name: 'leaf-1', role: 'leaf', platform: 'ce-netconf', host: '127.0.0.1', port: sw.netconf.port, username: 'admin', password: PASSWORD, pinnedHostKey: sw.netconf.hostKey.fingerprint });
    await driver.open();
    await driver.loadCandidate(intentA(), 'replace');
    await driver.commit();
    await driver.close();
  });
  afterAll(async () => {
    await sw?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const flags = (platform = 'ce-netconf', port = sw.netconf.port) => ['call', '--platform', platform, '--host', '127.0.0.1', '--port', String(port), '--user', 'admin'];
  async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string; json: () => Record<string, unknown> }> {
    let stdout = '';
    let stderr = '';
    const code = await deviceMain(argv, env, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
  }

  it('prints the running configuration as DeviceIntent JSON, the pinned host key verified', async () => {
    const r = await run([...flags(), '--password-env', 'SW_PASSWORD', '--host-key', sw.netconf.hostKey.fingerprint, '--name', 'leaf-1', '--role', 'leaf', 'running-config']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({
      device: 'leaf-1',
      platform: 'ce-netconf',
      operation: 'running-config',
      hostKey: { algorithm: 'ssh-ed25519', fingerprint: sw.netconf.hostKey.fingerprint, verified: true },
      result: JSON.parse(JSON.stringify(canonicalize(intentA()))),
    });
  });

  it('without --host-key reports the presented fingerprint unverified, and warns', async () => {
    const r = await run([...flags(), '--key', keyFile, 'get-config']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ hostKey: { fingerprint: sw.netconf.hostKey.fingerprint, verified: false } });
    expect(r.json().result).toContain('<hostname>leaf-1</hostname>');
    expect(r.stderr).toContain(`pass --host-key ${sw.netconf.hostKey.fingerprint} once you trust it`);
  });

  it('prints getter results with 64-bit counters as strings', async () => {
    const r = await run([...flags(), '--password-env', 'SW_PASSWORD', '--host-key', sw.netconf.hostKey.fingerprint, 'counters']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const counters = r.json().result as Record<string, unknown>[];
    expect(counters.length).toBeGreaterThan(0);
    for (const c of counters) expect(c.inOctets).toMatch(/^[0-9]+$/);
  });

  it('speaks the generic netconf platform: facts from the hello, refuses intent operations', async () => {
    const facts = await run([...flags('netconf'), '--password-env', 'SW_PASSWORD', 'facts']);
    expect(facts.code).toBe(0);
    expect(facts.json().result).toMatchObject({ platform: 'netconf', capabilities: expect.arrayContaining(['urn:ietf:params:netconf:capability:candidate:1.0']) });
    const refused = await run([...flags('netconf'), '--password-env', 'SW_PASSWORD', 'bgp-neighbors']);
    expect(refused.code).toBe(14);
    expect(JSON.parse(refused.stderr)).toEqual({ error: { code: 'REJECTED', retryable: false, message: expect.stringContaining('raw configuration only') } });
  });

  it.each([
    ['a wrong password', ['--password-env', 'WRONG'], { WRONG: 'nope' }, 12, 'AUTH'],
    ['a host key other than the pinned one', ['--password-env', 'SW_PASSWORD', '--host-key', `SHA256:${'A'.repeat(43)}`], env, 13, 'HOST_KEY'],
  ])('exits with the code of %s', async (_what, extra, environment, code, errorCode) => {
    let stderr = '';
    const status = await deviceMain([...flags(), ...extra, 'facts'], environment, { stdout: () => undefined, stderr: (t) => (stderr += t) });
    expect(status).toBe(code);
    expect(JSON.parse(stderr).error).toMatchObject({ code: errorCode, retryable: false });
  });

  it('exits 10 (TRANSIENT, retryable) when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await run([...flags('ce-netconf', port), '--password-env', 'SW_PASSWORD', 'facts']);
    expect(r.code).toBe(10);
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'TRANSIENT', retryable: true });
  });

  it.each([
    [['call', '--platform', 'ce-netconf', '--user', 'admin', '--password-env', 'SW_PASSWORD', 'facts'], /--host is required/],
    [['call', '--platform', 'ce-netconf', '--host', 'h', '--user', 'admin', '--password-env', 'SW_PASSWORD', '--key', 'k', 'facts'], /exactly one of --password-env VAR and --key FILE/],
    [['call', '--platform', 'ce-netconf', '--host', 'h', '--user', 'admin', '--password-env', 'SW_PASSWORD', 'reboot'], /unknown operation 'reboot'/],
    [['call', '--platform', 'ce-netconf', '--host', 'h', '--port', '99999', '--user', 'admin', '--password-env', 'SW_PASSWORD', 'facts'], /--port must be a port number/],
    [['call', '--platform', 'ce-netconf', '--host', 'h', '--user', 'admin', '--password-env', 'UNSET', 'facts'], /UNSET \(named by --password-env\) is not set/],
    [['call', '--platform', 'junos', '--host', 'h', '--user', 'admin', '--password-env', 'SW_PASSWORD', 'facts'], /unknown platform 'junos'; known platforms: ce-cli, ce-netconf, netconf/],
    [['call', '--platform', 'ce-netconf', '--host', 'h', '--user', 'admin', '--key', '/nonexistent/key', 'facts'], /cannot read --key \/nonexistent\/key/],
    [['list'], /unknown device command 'list'/],
    [['call', '--platform', 'ce-netconf', '--host', 'h', '--user', 'admin', '--password-env', 'SW_PASSWORD', 'running-config'], /running-config needs --name and --role/],
  ])('refuses bad arguments with exit 2 and the usage (%#)', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: spinel device call');
  });

  it('writes bigints as decimal strings', () => {
    expect(toJson({ octets: 18446744073709551615n })).toBe('{\n  "octets": "18446744073709551615"\n}');
  });
});
