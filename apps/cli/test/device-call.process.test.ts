import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_USER, SwitchProcess } from '../../switch-emulator/test/support/switch-process.js';

const REPO_ROOT = join(import.meta.dirname, '../../..');
const LOADER = join(REPO_ROOT, 'apps/switch-emulator/test/support/ts-loader.mjs');

/** Runs `spinel device call …` as its own process (from the sources); resolves with its exit status and output. */
function spinelDeviceCall(args: string[], password: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', LOADER, join(REPO_ROOT, 'apps/cli/src/main.ts'), 'device', 'call', ...args],
      { cwd: REPO_ROOT, env: { ...process.env, DEVICE_PASSWORD: password }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The operator's path end to end: a `spinel switch` process, and `spinel device call` processes against it. */
describe('spinel device call, as processes', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'spinel-call-process-'));
  let sw: SwitchProcess;
  beforeAll(async () => {
    sw = await SwitchProcess.start(['--name', 'leaf-1', '--role', 'leaf', '--cli-port', '0', '--netconf-port', '0', '--state-dir', stateDir]);
  });
  afterAll(async () => {
    await sw?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const flags = () => ['--platform', 'ce-netconf', '--host', '127.0.0.1', '--port', String(sw.ready.netconfPort), '--user', PROCESS_USER.username, '--password-env', 'DEVICE_PASSWORD'];

  it('prints the facts as JSON and exits 0', async () => {
    const r = await spinelDeviceCall([...flags(), '--host-key', sw.ready.hostKey, 'facts'], PROCESS_USER.password);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ platform: 'ce-netconf', operation: 'facts', hostKey: { fingerprint: sw.ready.hostKey, verified: true }, result: { hostname: 'leaf-1' } });
  });

  it('exits 12 with the AUTH error as JSON on stderr when the password is wrong', async () => {
    const r = await spinelDeviceCall([...flags(), 'facts'], 'not-the-password');
    expect(r.code).toBe(12);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'AUTH', retryable: false } });
  });
});
