import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Capability } from '#drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetconfTestLab, USER } from './support/netconf-test-lab.js';

// Debian's ncclient lives in Debian's interpreter; `python3` on these machines is a pyenv build
// that does not see it (see lab.md). CI installs python3-ncclient (.ci/run).
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./interop/ncclient-session.py', import.meta.url));
const probe = spawnSync(PYTHON, ['-c', 'import ncclient'], { encoding: 'utf8' });
const ncclientMissing = probe.status !== 0 ? `${PYTHON} cannot import ncclient (apt-get install -y python3-ncclient): ${probe.error?.message ?? probe.stderr.trim()}` : undefined;

interface NcclientOutcome {
  session_id: string;
  capabilities: string[];
  running: string;
  error: { tag: string; type: string; severity: string; path: string | null; message: string | null } | null;
}

describe('interoperability: Debian ncclient against the emulated NETCONF server', () => {
  let lab: NetconfTestLab;

  beforeAll(async () => {
    // A missing ncclient fails the file (CI installs it): an interop test that skips proves nothing.
    if (ncclientMissing) throw new Error(ncclientMissing);
    lab = await NetconfTestLab.start();
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('connects pinning the host key, reads capabilities, edits the candidate under lock, commits, and reads an rpc-error', async () => {
    const hostKeyB64 = lab.server.hostKey.publicKey.split(' ')[1]!;
    const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, '127.0.0.1', String(lab.server.port), USER.username, USER.password, hostKeyB64], {
      timeout: 30_000,
    });
    const outcome = JSON.parse(stdout) as NcclientOutcome;

    expect(Number(outcome.session_id)).toBeGreaterThan(0);
    expect(outcome.capabilities).toEqual(expect.arrayContaining([Capability.base10, Capability.base11, Capability.candidate, Capability.confirmedCommit11, Capability.validate11]));
    // ncclient announces base:1.1 too, so the session ran on chunked framing, and ended politely.
    expect(lab.logs).toContain(`session ${outcome.session_id} (${USER.username}, chunked framing) ended: close-session`);
    expect(outcome.running).toContain('<vlan><id>42</id><name>ncclient</name></vlan>');
    expect(outcome.error).toMatchObject({ tag: 'data-exists', type: 'application', severity: 'error', path: '/vlans' });

    // What ncclient committed is what Spinel's own client reads.
    const spinel = await lab.connect();
    expect(await spinel.getConfig('running')).toContain('<id>42</id>');
  });
});

