import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ceNetconfDialect } from '#dialects';
import { canonicalize } from '#intent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceTestLab, fixtureIntent } from './support/device-test-lab.js';
import { USER } from './support/netconf-test-lab.js';

// Debian's ncclient lives in Debian's interpreter (see netconf-ncclient.test.ts).
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./interop/ncclient-device.py', import.meta.url));
const probe = spawnSync(PYTHON, ['-c', 'import ncclient'], { encoding: 'utf8' });
const ncclientMissing = probe.status !== 0 ? `${PYTHON} cannot import ncclient (apt-get install -y python3-ncclient): ${probe.error?.message ?? probe.stderr.trim()}` : undefined;

interface NcclientOutcome {
  running: string;
  error: { tag: string; type: string; path: string | null; message: string | null } | null;
}

describe('interoperability: Debian ncclient provisions the emulated switch', () => {
  let lab: DeviceTestLab;
  let dir: string;

  beforeAll(async () => {
    // A missing ncclient fails the file (CI installs it): an interop test that skips proves nothing.
    if (ncclientMissing) throw new Error(ncclientMissing);
    lab = await DeviceTestLab.start('leaf-1', 'leaf');
    dir = mkdtempSync(join(tmpdir(), 'spinel-ncclient-'));
  });
  afterAll(async () => {
    await lab?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads a rendered intent into the candidate under lock, commits it, and reads the switch\'s invalid-value error', async () => {
    const intent = fixtureIntent('l2-bridge', 'leaf-1');
    const configFile = join(dir, 'leaf-1.xml');
    writeFileSync(configFile, ceNetconfDialect.render(intent));
    const hostKeyB64 = lab.server.hostKey.publicKey.split(' ')[1]!;
    const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, '127.0.0.1', String(lab.server.port), USER.username, USER.password, hostKeyB64, configFile], { timeout: 30_000 });
    const outcome = JSON.parse(stdout) as NcclientOutcome;

    expect(ceNetconfDialect.parse(outcome.running, { device: 'leaf-1', role: 'leaf' })).toEqual(canonicalize(intent));
    expect(outcome.error).toMatchObject({ tag: 'invalid-value', type: 'application', path: '/network-instances/network-instance[name=BD10001]/evpn/evpn-instances/evpn-instance[evi=10001]/vxlan/config/vni' });
    expect(lab.store.commitLog).toEqual([expect.objectContaining({ operation: 'commit', username: USER.username })]);
  });
});

