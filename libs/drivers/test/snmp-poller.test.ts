import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import snmp from 'net-snmp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IF_ENTRY, IFX_ENTRY, SnmpPoller, udpBinding } from '#drivers';
import { requireNetSnmpTools } from './support/net-snmp-tools.js';
import { SnmpdProcess } from './support/snmpd-process.js';
import { deviceError as failure } from './support/device-error-of.js';

const lo = (field: 'rx_bytes' | 'tx_bytes' | 'rx_packets') => BigInt(readFileSync(`/sys/class/net/lo/statistics/${field}`, 'utf8').trim());
const poller = new SnmpPoller({ timeoutMs: 500, retries: 0 });


describe('SnmpPoller against Net-SNMP snmpd', () => {
  let snmpd: SnmpdProcess;
  /** The kernel's loopback counter before snmpd started: whatever snmpd caches later is at least this. */
  let inBeforeStart: bigint;
  beforeAll(async () => {
    requireNetSnmpTools();
    inBeforeStart = lo('rx_bytes');
    // `full` reads everything; `legacy` sees no ifXTable, like an agent without 64-bit counters.
    snmpd = await SnmpdProcess.start({ full: undefined, legacy: ['.1.3.6.1.2.1.1', '.1.3.6.1.2.1.2'] });
  });
  afterAll(async () => {
    await snmpd?.stop();
  });

  it("reads the loopback interface's status and 64-bit counters from ifXTable", async () => {
    const records = await poller.pollInterfaces({ host: '127.0.0.1', port: snmpd.port, community: 'full', name: 'snmpd' });
    const after = { in: lo('rx_bytes'), out: lo('tx_bytes') };
    const l = records.find((r) => r.name === 'lo');
    expect(l).toMatchObject({ ifIndex: 1, adminUp: true, operUp: true, counterBits: 64, inErrors: 0n, outErrors: 0n });
    // snmpd reads the kernel's counters and caches them for a few seconds (however much other
    // loopback traffic moved them meanwhile): read after snmpd started and before our read.
    expect(l!.inOctets).toBeGreaterThanOrEqual(inBeforeStart);
    expect(l!.inOctets).toBeLessThanOrEqual(after.in);
    expect(l!.outOctets).toBeLessThanOrEqual(after.out);
    expect(typeof l!.inPackets).toBe('bigint'); // Linux counts no unicast packets on lo
    expect(l!.polledAt).toBeInstanceOf(Date);
    expect(records.map((r) => r.ifIndex)).toEqual([...records.map((r) => r.ifIndex)].sort((a, b) => a - b));
  });

  it('falls back to 32-bit ifTable counters and ifDescr names when the device has no ifXTable', async () => {
    const records = await poller.pollInterfaces({ host: '127.0.0.1', port: snmpd.port, community: 'legacy' });
    const l = records.find((r) => r.ifIndex === 1);
    expect(l).toMatchObject({ name: 'lo', adminUp: true, operUp: true, counterBits: 32 });
    expect(l!.inOctets).toBeGreaterThan(0n);
    expect(l!.inOctets).toBeLessThan(2n ** 32n);
    expect(l!.inOctets).toBe(l!.inOctets % 2n ** 32n);
  });

  it('reports a wrong community as TIMEOUT, saying that is what a wrong community looks like', async () => {
    const e = await failure(poller.pollInterfaces({ host: '127.0.0.1', port: snmpd.port, community: 'nope', name: 'leaf-9' }));
    expect(e.code).toBe('TIMEOUT');
    expect(e.retryable).toBe(true);
    expect(e.message).toBe('leaf-9 did not answer SNMP (is the agent running, and is the community right? SNMPv2c agents ignore a wrong community)');
  });
});

describe('SnmpPoller failures', () => {
  const sockets: Socket[] = [];
  const agents: { close(cb?: () => void): void }[] = [];
  afterAll(async () => {
    await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
    await Promise.all(agents.map((a) => new Promise<void>((r) => a.close(() => r()))));
  });

  async function udpServer(reply?: (msg: Buffer) => Buffer): Promise<number> {
    const s = createSocket('udp4');
    sockets.push(s);
    if (reply) s.on('message', (msg, rinfo) => s.send(reply(msg), rinfo.port, rinfo.address));
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    return s.address().port;
  }

  /** A net-snmp agent whose ifTable the test defines (types and handlers included). */
  async function agentWith(columns: { number: number; name: string; type: snmp.ObjectType }[], rows: unknown[][], handler?: (req: { done(r?: unknown): void }) => void): Promise<number> {
    const binding = udpBinding('127.0.0.1', 0);
    const agent = snmp.createAgent({ port: 161, address: '127.0.0.1', dgramModule: binding.dgramModule }, () => undefined);
    agents.push(agent);
    agent.getAuthorizer().addCommunity('public');
    const mib = agent.getMib();
    mib.registerProvider({
      name: 'ifTable',
      type: snmp.MibProviderType.Table,
      oid: IF_ENTRY,
      maxAccess: snmp.MaxAccess['not-accessible'],
      tableColumns: columns.map((c) => ({ ...c, maxAccess: snmp.MaxAccess['read-only'] })),
      tableIndex: [{ columnName: 'ifIndex' }],
      ...(handler ? { handler } : {}),
    });
    for (const row of rows) mib.addTableRow('ifTable', row);
    return (await binding.bound).address().port;
  }
  const T = snmp.ObjectType;
  const ifIndex = { number: 1, name: 'ifIndex', type: T.Integer };
  const ifDescr = { number: 2, name: 'ifDescr', type: T.OctetString };
  const admin = { number: 7, name: 'ifAdminStatus', type: T.Integer };

  it('a device that never answers: TIMEOUT (retryable)', async () => {
    const port = await udpServer();
    const e = await failure(poller.pollInterfaces({ host: '127.0.0.1', port, community: 'public' }));
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port} did not answer SNMP`));
  });

  it('a reply that is not SNMP: PROTOCOL, without waiting for the timeout', async () => {
    const port = await udpServer(() => Buffer.from('this is not BER'));
    const slow = new SnmpPoller({ timeoutMs: 60_000, retries: 0 });
    const e = await failure(slow.pollInterfaces({ host: '127.0.0.1', port, community: 'public', name: 'leaf-3' }));
    expect(e.code).toBe('PROTOCOL');
    expect(e.message).toMatch(/^leaf-3 sent something that is not a valid SNMP message/);
  });

  it('an IF-MIB value of the wrong type: PROTOCOL naming the object', async () => {
    const oper = { number: 8, name: 'ifOperStatus', type: T.OctetString };
    const port = await agentWith([ifIndex, ifDescr, admin, oper], [[1, 'eth0', 1, 'up']]);
    const e = await failure(poller.pollInterfaces({ host: '127.0.0.1', port, community: 'public', name: 'leaf-4' }));
    expect(e.code).toBe('PROTOCOL');
    expect(e.message).toBe('leaf-4 sent a malformed IF-MIB: ifOperStatus.1 has type OctetString, expected Integer');
  });

  it('a status outside 1..7: PROTOCOL', async () => {
    const oper = { number: 8, name: 'ifOperStatus', type: T.Integer };
    const port = await agentWith([ifIndex, ifDescr, admin, oper], [[1, 'eth0', 1, 42]]);
    const e = await failure(poller.pollInterfaces({ host: '127.0.0.1', port, community: 'public', name: 'leaf-4' }));
    expect(e.message).toBe('leaf-4 sent a malformed IF-MIB: ifOperStatus.1 is 42, not a status 1..7');
  });

  it('an agent without IF-MIB: PROTOCOL', async () => {
    const port = await agentWith([ifIndex, ifDescr], [[1, 'eth0']]);
    const e = await failure(poller.pollInterfaces({ host: '127.0.0.1', port, community: 'public', name: 'leaf-5' }));
    expect(e.code).toBe('PROTOCOL');
    expect(e.message).toBe('leaf-5 serves no IF-MIB ifTable rows (ifAdminStatus/ifOperStatus are empty)');
  });

  it('an agent that answers authorizationError: AUTH (not retryable)', async () => {
    const oper = { number: 8, name: 'ifOperStatus', type: T.Integer };
    const port = await agentWith([ifIndex, ifDescr, admin, oper], [[1, 'eth0', 1, 1]], (req) => req.done({ errorStatus: snmp.ErrorStatus.AuthorizationError }));
    const e = await failure(poller.pollInterfaces({ host: '127.0.0.1', port, community: 'public', name: 'leaf-6' }));
    expect(e.code).toBe('AUTH');
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(/^leaf-6 refused the SNMP request/);
  });

  it('reads a minimal agent (no ifXTable, no counters) as 32-bit zeros', async () => {
    const oper = { number: 8, name: 'ifOperStatus', type: T.Integer };
    const port = await agentWith([ifIndex, ifDescr, admin, oper], [[3, 'eth0', 1, 2], [1, 'mgmt', 2, 2]]);
    const records = await poller.pollInterfaces({ host: '127.0.0.1', port, community: 'public' });
    expect(records.map(({ polledAt, ...r }) => r)).toEqual([
      { name: 'mgmt', ifIndex: 1, adminUp: false, operUp: false, inOctets: 0n, outOctets: 0n, inPackets: 0n, outPackets: 0n, inErrors: 0n, outErrors: 0n, counterBits: 32 },
      { name: 'eth0', ifIndex: 3, adminUp: true, operUp: false, inOctets: 0n, outOctets: 0n, inPackets: 0n, outPackets: 0n, inErrors: 0n, outErrors: 0n, counterBits: 32 },
    ]);
    expect(IFX_ENTRY).toBe('1.3.6.1.2.1.31.1.1.1');
  });
});
