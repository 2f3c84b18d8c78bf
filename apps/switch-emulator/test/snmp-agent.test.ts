import { IF_ENTRY, IFX_ENTRY, SnmpPoller, type SnmpTrapEvent, SnmpTrapReceiver, SYSTEM } from '#drivers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { byOid, NetSnmpTools, requireNetSnmpTools } from '../../../libs/drivers/test/support/net-snmp-tools.js';
import { type SnmpAgent, startSnmpAgent } from '../src/snmp/snmp-agent.js';
import { anInterface, FakeOperationalView } from './support/fake-operational-view.js';

const COMMUNITY = 'spinel-ro';
const TWO_32 = 2n ** 32n;

function aView(): FakeOperationalView {
  return new FakeOperationalView([
    anInterface({ ifIndex: 1, name: '10GE1/0/1', description: 'to spine-1 10GE1/0/1', speedMbps: 10_000, counters: { inOctets: TWO_32 + 5n, outOctets: 1234n, inPackets: 77n } as never }),
    anInterface({ ifIndex: 2, name: '10GE1/0/2', adminUp: false, operUp: false, speedMbps: 1_000, macAddress: '00:e0:fc:00:00:02' }),
    anInterface({ ifIndex: 60, name: 'LoopBack0', kind: 'loopback', mtu: 1500, speedMbps: 0, macAddress: '' }),
    anInterface({ ifIndex: 61, name: 'Nve1', kind: 'nve', mtu: 1500, speedMbps: 0, macAddress: '' }),
  ]);
}

describe('the emulated switch SNMP agent, read by Debian snmpget/snmpwalk', () => {
  let tools: NetSnmpTools;
  let view: FakeOperationalView;
  let agent: SnmpAgent;

  beforeAll(() => {
    requireNetSnmpTools();
    tools = new NetSnmpTools();
  });
  afterAll(() => tools?.close());
  beforeEach(async () => {
    view = aView();
    agent = await startSnmpAgent({ port: 0, community: COMMUNITY, view });
  });
  afterEach(async () => {
    await agent?.close();
  });

  it('serves the SNMPv2-MIB system group from the view', async () => {
    const sys = byOid(await tools.walk(agent.port, COMMUNITY, SYSTEM));
    expect(sys.get(`${SYSTEM}.1.0`)).toEqual({ oid: `${SYSTEM}.1.0`, type: 'STRING', value: 'VRP (R) software, Version 8.200 (Spinel emulated CloudEngine)' });
    expect(sys.get(`${SYSTEM}.2.0`)).toMatchObject({ type: 'OID', value: '.1.3.6.1.4.1.57005.1.1' });
    expect(sys.get(`${SYSTEM}.3.0`)?.type).toBe('Timeticks');
    // Booted an hour ago: the uptime is the time since then, in hundredths of a second.
    const ticks = Number(/^\((\d+)\)/.exec(sys.get(`${SYSTEM}.3.0`)!.value)![1]);
    expect(ticks).toBeGreaterThan(0);
    expect(Math.abs(ticks - Math.floor((Date.now() - view.sys.bootTime.getTime()) / 10))).toBeLessThan(6000);
    expect(sys.get(`${SYSTEM}.4.0`)?.value).toBe('noc@spinel.test');
    expect(sys.get(`${SYSTEM}.5.0`)?.value).toBe('leaf-1');
    expect(sys.get(`${SYSTEM}.6.0`)?.value).toBe('rack 1');
    expect(sys.get(`${SYSTEM}.7.0`)).toMatchObject({ type: 'INTEGER', value: '6' });
    expect(byOid(await tools.get(agent.port, COMMUNITY, ['1.3.6.1.2.1.2.1.0'])).get('1.3.6.1.2.1.2.1.0')?.value).toBe('4');
  });

  it('serves ifTable: names, types, speeds capped at 2^32-1, MACs, status, 32-bit counters wrapping', async () => {
    const t = byOid(await tools.walk(agent.port, COMMUNITY, IF_ENTRY.slice(0, -2)));
    const col = (c: number, i: number) => t.get(`${IF_ENTRY}.${c}.${i}`);
    expect([1, 2, 60, 61].map((i) => col(1, i)?.value)).toEqual(['1', '2', '60', '61']);
    expect([1, 2, 60, 61].map((i) => col(2, i)?.value)).toEqual(['10GE1/0/1', '10GE1/0/2', 'LoopBack0', 'Nve1']);
    expect([1, 60, 61].map((i) => col(3, i)?.value)).toEqual(['6', '24', '1']);
    expect(col(4, 1)).toMatchObject({ type: 'INTEGER', value: '9000' });
    expect(col(5, 1)).toMatchObject({ type: 'Gauge32', value: '4294967295' });
    expect(col(5, 2)?.value).toBe('1000000000');
    expect(col(6, 2)?.value.trim()).toBe('00 E0 FC 00 00 02');
    expect(col(6, 60)?.value.trim() ?? '').toBe('');
    expect([col(7, 1)?.value, col(8, 1)?.value, col(7, 2)?.value, col(8, 2)?.value]).toEqual(['1', '1', '2', '2']);
    expect(col(9, 1)?.value).toMatch(/^\(100\) /); // ifLastChange: 1 s after boot
    expect(col(10, 1)).toEqual({ oid: `${IF_ENTRY}.10.1`, type: 'Counter32', value: '5' }); // 2^32 + 5 wraps
    expect(col(11, 1)?.value).toBe('77');
    expect(col(16, 1)?.value).toBe('1234');
    expect(col(14, 1)?.value).toBe('0');
    expect(col(20, 1)?.value).toBe('0');
  });

  it('serves ifXTable with 64-bit counters, ifHighSpeed in Mb/s and the description as ifAlias (GetBulk walk)', async () => {
    const t = byOid(await tools.walk(agent.port, COMMUNITY, IFX_ENTRY.slice(0, -2), 'snmpbulkwalk'));
    const col = (c: number, i: number) => t.get(`${IFX_ENTRY}.${c}.${i}`);
    expect(col(1, 60)?.value).toBe('LoopBack0');
    expect(col(6, 1)).toEqual({ oid: `${IFX_ENTRY}.6.1`, type: 'Counter64', value: String(TWO_32 + 5n) });
    expect(col(7, 1)).toMatchObject({ type: 'Counter64', value: '77' });
    expect(col(10, 1)).toMatchObject({ type: 'Counter64', value: '1234' });
    expect(col(11, 1)).toMatchObject({ type: 'Counter64', value: '0' });
    expect(col(15, 1)).toMatchObject({ type: 'Gauge32', value: '10000' });
    expect(col(18, 1)?.value).toBe('to spine-1 10GE1/0/1');
  });

  it('answers each request with the values current at that moment: counters move, interfaces come and go', async () => {
    const hcIn = `${IFX_ENTRY}.6.1`;
    expect((await tools.get(agent.port, COMMUNITY, [hcIn]))[0]?.value).toBe(String(TWO_32 + 5n));
    view.setCounters(1, { inOctets: 2n ** 63n + 9n });
    expect((await tools.get(agent.port, COMMUNITY, [hcIn]))[0]?.value).toBe(String(2n ** 63n + 9n));

    view.remove(61).put(anInterface({ ifIndex: 62, name: 'Vbdif10', kind: 'vbdif', mtu: 1500, speedMbps: 0, macAddress: '' }));
    const names = await tools.walk(agent.port, COMMUNITY, `${IF_ENTRY}.2`);
    expect(names.map((l) => l.value)).toEqual(['10GE1/0/1', '10GE1/0/2', 'LoopBack0', 'Vbdif10']);
    expect((await tools.get(agent.port, COMMUNITY, [`${IF_ENTRY}.2.61`]))[0]?.value).toBe('No Such Instance currently exists at this OID');
  });

  it('ends a walk past its last object with endOfMibView, for GetNext and GetBulk', async () => {
    for (const tool of ['snmpwalk', 'snmpbulkwalk'] as const) {
      const lines = await tools.walk(agent.port, COMMUNITY, '1.3.6.1.2.1.99', tool);
      expect(lines.map((l) => l.value).join('\n')).toMatch(/^No more variables left in this MIB View/);
    }
  });

  it("is read by Spinel's SnmpPoller exactly: 64-bit counters, status, names", async () => {
    view.setCounters(1, { inOctets: 2n ** 63n + 9n, outPackets: 2n ** 40n, inErrors: 3n });
    const records = await new SnmpPoller({ timeoutMs: 1000 }).pollInterfaces({ host: '127.0.0.1', port: agent.port, community: COMMUNITY });
    expect(records.map(({ polledAt, ...r }) => r)).toEqual([
      { name: '10GE1/0/1', ifIndex: 1, adminUp: true, operUp: true, inOctets: 2n ** 63n + 9n, outOctets: 1234n, inPackets: 77n, outPackets: 2n ** 40n, inErrors: 3n, outErrors: 0n, counterBits: 64 },
      { name: '10GE1/0/2', ifIndex: 2, adminUp: false, operUp: false, inOctets: 0n, outOctets: 0n, inPackets: 0n, outPackets: 0n, inErrors: 0n, outErrors: 0n, counterBits: 64 },
      { name: 'LoopBack0', ifIndex: 60, adminUp: true, operUp: true, inOctets: 0n, outOctets: 0n, inPackets: 0n, outPackets: 0n, inErrors: 0n, outErrors: 0n, counterBits: 64 },
      { name: 'Nve1', ifIndex: 61, adminUp: true, operUp: true, inOctets: 0n, outOctets: 0n, inPackets: 0n, outPackets: 0n, inErrors: 0n, outErrors: 0n, counterBits: 64 },
    ]);
  });

  it('does not answer a wrong community (SNMPv2c has no refusal: the manager times out)', async () => {
    await expect(tools.get(agent.port, 'wrong', [`${SYSTEM}.5.0`], { timeoutSeconds: 1, retries: 0 })).rejects.toThrow(/Timeout/);
  });
});

describe('the emulated switch SNMP agent sends linkDown/linkUp traps', () => {
  it('to every receiver, with ifIndex, ifAdminStatus and ifOperStatus, and stops when closed', async () => {
    const view = aView();
    const events: SnmpTrapEvent[][] = [[], []];
    const arrived: (() => void)[] = [];
    const receivers = await Promise.all(
      [0, 1].map((n) =>
        SnmpTrapReceiver.start({
          port: 0,
          communities: [COMMUNITY],
          onTrap: (e) => {
            events[n]!.push(e);
            arrived.shift()?.();
          },
        }),
      ),
    );
    const agent = await startSnmpAgent({ port: 0, community: COMMUNITY, view, trapReceivers: receivers.map((r) => ({ host: '127.0.0.1', port: r.port })) });
    const traps = (n: number) => new Promise<void>((resolve) => {
      let left = n;
      const one = () => (--left === 0 ? resolve() : arrived.push(one));
      arrived.push(one);
    });
    try {
      let wait = traps(2);
      view.setOper(1, false, false);
      await wait;
      wait = traps(2);
      view.setOper(1, true, true);
      await wait;
      for (const received of events) {
        expect(received).toEqual([
          expect.objectContaining({ kind: 'linkDown', agentAddress: '127.0.0.1', community: COMMUNITY, ifIndex: 1, adminUp: false, operUp: false }),
          expect.objectContaining({ kind: 'linkUp', agentAddress: '127.0.0.1', community: COMMUNITY, ifIndex: 1, adminUp: true, operUp: true }),
        ]);
      }
      expect(view.listenerCount).toBe(1);
    } finally {
      await agent.close();
      await Promise.all(receivers.map((r) => r.close()));
    }
    expect(view.listenerCount).toBe(0);
  });

  it('refuses to start on a port already taken, saying which', async () => {
    const view = aView();
    const first = await startSnmpAgent({ port: 0, community: COMMUNITY, view });
    try {
      await expect(startSnmpAgent({ port: first.port, community: COMMUNITY, view })).rejects.toThrow(`SNMP agent cannot listen on 127.0.0.1:${first.port}: bind EADDRINUSE`);
    } finally {
      await first.close();
    }
  });
});
