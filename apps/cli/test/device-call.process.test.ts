import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CeNetconfDriver, type DeviceDriver } from '#drivers';
import type { DeviceRole } from '#intent';
import { PROCESS_USER, SwitchProcess } from '../../switch-emulator/test/support/switch-process.js';
import { eventually, goldenIntent } from '../../../libs/drivers/test/contract/driver-contract.js';

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

/** Two `spinel switch` processes cabled over loopback, configured by drivers, read by `spinel device call`. */
describe('spinel device call on switch processes cabled to each other', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'spinel-call-fabric-'));
  const processes: SwitchProcess[] = [];
  let leaf: SwitchProcess;
  beforeAll(async () => {
    const spine = await SwitchProcess.start(['--name', 'spine-1', '--role', 'spine', '--cli-port', '0', '--netconf-port', '0', '--wire-port', '0', '--state-dir', join(stateDir, 'spine-1')]);
    processes.push(spine);
    leaf = await SwitchProcess.start(['--name', 'leaf-1', '--role', 'leaf', '--cli-port', '0', '--netconf-port', '0', '--state-dir', join(stateDir, 'leaf-1'), '--cable', `100GE1/0/1=127.0.0.1:${spine.ready.wirePort}/10GE1/0/1`]);
    processes.push(leaf);
    for (const [sw, name, role] of [[spine, 'spine-1', 'spine'], [leaf, 'leaf-1', 'leaf']] as [SwitchProcess, string, DeviceRole][]) {
      const driver: DeviceDriver = new CeNetconfDriver({ name, role, platform: 'ce-netconf', host: '127.0.0.1', port: sw.ready.netconfPort, ...PROCESS_USER, pinnedHostKey: sw.ready.hostKey });
      try {
        await driver.open();
        await driver.loadCandidate(goldenIntent('l2-bridge', name), 'replace');
        await driver.commit();
        if (name === 'leaf-1') {
          await eventually(async () => (await driver.bgpNeighbors()).some((n) => n.peer === '100GE1/0/1' && n.state === 'established'), 20_000);
        }
      } finally {
        await driver.close();
      }
    }
  });
  afterAll(async () => {
    for (const p of processes.reverse()) await p.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const call = (operation: string) =>
    spinelDeviceCall(['--platform', 'ce-netconf', '--host', '127.0.0.1', '--port', String(leaf.ready.netconfPort), '--user', PROCESS_USER.username, '--password-env', 'DEVICE_PASSWORD', '--host-key', leaf.ready.hostKey, operation], PROCESS_USER.password);

  it('shows the established session to the spine, with the spine\'s AS', async () => {
    const r = await call('bgp-neighbors');
    expect(r.code).toBe(0);
    const sessions = JSON.parse(r.stdout).result as { peer: string; state: string; remoteAs: number | null }[];
    expect(sessions.find((s) => s.peer === '100GE1/0/1')).toMatchObject({ state: 'established', remoteAs: goldenIntent('l2-bridge', 'spine-1').asn });
  });

  it('shows the spine as the LLDP neighbor on the cabled port', async () => {
    const r = await call('lldp-neighbors');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).result).toEqual([{ localInterface: '100GE1/0/1', remoteSystem: 'spine-1', remoteInterface: '10GE1/0/1' }]);
  });
});
