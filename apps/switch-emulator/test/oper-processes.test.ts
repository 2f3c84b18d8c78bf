import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetconfClient, XmlElement, pinnedHostKey } from '#drivers';
import { eventually, fixtureConfig } from './support/oper-fabric.js';
import { PROCESS_USER, SwitchProcess } from './support/switch-process.js';

const CASE = 'l2-bridge';
const SPX = 'urn:spinel:yang:spinel-ext';

async function configure(p: SwitchProcess, device: string): Promise<void> {
  const client = await NetconfClient.connect({ host: '127.0.0.1', port: p.ready.netconfPort, ...PROCESS_USER, verifyHostKey: pinnedHostKey(p.ready.hostKey), rpcTimeoutMs: 10_000 });
  try {
    await client.editConfig('candidate', fixtureConfig(CASE, device), { defaultOperation: 'replace' });
    await client.commit();
  } finally {
    await client.close();
  }
}

/** The unnumbered session on 100GE1/0/1 and the LLDP neighbour there, as leaf-1's NETCONF `<get>` reports them. */
async function leafView(p: SwitchProcess): Promise<{ session?: string; lldp: string[] }> {
  const client = await NetconfClient.connect({ host: '127.0.0.1', port: p.ready.netconfPort, ...PROCESS_USER, verifyHostKey: pinnedHostKey(p.ready.hostKey), rpcTimeoutMs: 10_000 });
  try {
    const filter = `<network-instances xmlns="http://openconfig.net/yang/network-instance"/><lldp xmlns="http://openconfig.net/yang/lldp"/>`;
    const doc = XmlElement.parseDocument(await client.get({ subtree: filter }));
    const find = (e: XmlElement, local: string): XmlElement[] => e.children().flatMap((c) => [...(c.local === local ? [c] : []), ...find(c, local)]);
    const neighbor = find(doc, 'interface-neighbor').find((n) => n.namespace === SPX && n.child('interface')?.text() === '100GE1/0/1');
    return { session: neighbor?.child('state')?.child('session-state')?.text(), lldp: find(doc, 'neighbor').filter((e) => e.namespace.endsWith('/lldp')).map((e) => e.child('id')?.text() ?? '') };
  } finally {
    await client.close();
  }
}

/** Two `spinel switch` processes cabled over the loopback wire protocol. */
describe('emulators cabled across processes', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'spinel-wire-'));
  const processes: SwitchProcess[] = [];
  let spine: SwitchProcess;
  let leaf: SwitchProcess;
  const startSpine = async (wirePort: number) => {
    const p = await SwitchProcess.start(['--name', 'spine-1', '--role', 'spine', '--cli-port', '0', '--netconf-port', '0', '--wire-port', String(wirePort), '--state-dir', join(stateDir, 'spine-1')]);
    processes.push(p);
    return p;
  };

  beforeAll(async () => {
    spine = await startSpine(0);
    leaf = await SwitchProcess.start(['--name', 'leaf-1', '--role', 'leaf', '--cli-port', '0', '--netconf-port', '0', '--cable', `100GE1/0/1=127.0.0.1:${spine.ready.wirePort}/10GE1/0/1`, '--state-dir', join(stateDir, 'leaf-1')]);
    processes.push(leaf);
  });
  afterAll(async () => {
    for (const p of processes) await p.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('brings the BGP session up over the cable once both ends are configured', async () => {
    await eventually(async () => expect((await leafView(leaf)).lldp).toEqual(['spine-1|10GE1/0/1']), 10_000);
    await configure(spine, 'spine-1');
    await configure(leaf, 'leaf-1');
    await eventually(async () => expect((await leafView(leaf)).session).toBe('ESTABLISHED'), 10_000);
  });

  it('takes the session down when the far process goes away, and up again when it is back', async () => {
    const wirePort = spine.ready.wirePort!;
    await spine.stop();
    await eventually(async () => expect(await leafView(leaf)).toEqual({ session: 'IDLE', lldp: [] }), 10_000);
    spine = await startSpine(wirePort);
    await eventually(async () => expect((await leafView(leaf)).lldp).toEqual(['spine-1|10GE1/0/1']), 10_000);
    await configure(spine, 'spine-1');
    await eventually(async () => expect((await leafView(leaf)).session).toBe('ESTABLISHED'), 10_000);
  });
});
