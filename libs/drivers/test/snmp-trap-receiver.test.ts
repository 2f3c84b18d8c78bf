import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_DOWN, LINK_UP, type SnmpTrapEvent, SnmpTrapReceiver } from '#drivers';
import { NetSnmpTools, requireNetSnmpTools } from './support/net-snmp-tools.js';

/** A receiver that hands out the next event (or problem) as a promise. */
class Inbox {
  private readonly waiting: ((e: SnmpTrapEvent | string) => void)[] = [];
  private readonly queued: (SnmpTrapEvent | string)[] = [];
  push = (e: SnmpTrapEvent | string) => {
    const w = this.waiting.shift();
    if (w) w(e);
    else this.queued.push(e);
  };
  next(): Promise<SnmpTrapEvent | string> {
    const q = this.queued.shift();
    return q !== undefined ? Promise.resolve(q) : new Promise((resolve) => this.waiting.push(resolve));
  }
}

describe('SnmpTrapReceiver, fed by Debian snmptrap', () => {
  const tools = new NetSnmpTools();
  const inbox = new Inbox();
  let receiver: SnmpTrapReceiver;
  const trap = ([version, ...args]: string[]) => tools.run('snmptrap', [version!, '-c', 'traps', `127.0.0.1:${receiver.port}`, ...args]);

  beforeAll(async () => {
    requireNetSnmpTools();
    receiver = await SnmpTrapReceiver.start({ port: 0, communities: ['traps'], onTrap: inbox.push, onProblem: inbox.push });
  });
  afterAll(async () => {
    await receiver?.close();
    tools.close();
  });

  it('normalizes an SNMPv2c linkDown with ifIndex, ifAdminStatus, ifOperStatus and ifName', async () => {
    await trap(['-v2c', '', LINK_DOWN, '1.3.6.1.2.1.2.2.1.1.7', 'i', '7', '1.3.6.1.2.1.2.2.1.7.7', 'i', '1', '1.3.6.1.2.1.2.2.1.8.7', 'i', '2', '1.3.6.1.2.1.31.1.1.1.1.7', 's', '10GE1/0/7']);
    expect(await inbox.next()).toEqual({ kind: 'linkDown', agentAddress: '127.0.0.1', community: 'traps', ifIndex: 7, ifName: '10GE1/0/7', adminUp: true, operUp: false, receivedAt: expect.any(Date) });
  });

  it('takes the ifIndex from the status varbinds when there is no ifIndex varbind', async () => {
    await trap(['-v2c', '', LINK_UP, '1.3.6.1.2.1.2.2.1.8.12', 'i', '1']);
    expect(await inbox.next()).toMatchObject({ kind: 'linkUp', ifIndex: 12, operUp: true });
  });

  it('reads SNMPv1 generic linkUp traps, with the agent address from the PDU', async () => {
    await trap(['-v1', '1.3.6.1.4.1.57005', '127.0.0.9', '3', '0', '', '1.3.6.1.2.1.2.2.1.1.4', 'i', '4']);
    expect(await inbox.next()).toMatchObject({ kind: 'linkUp', agentAddress: '127.0.0.9', ifIndex: 4, operUp: true });
  });

  it('labels other notifications instead of dropping them', async () => {
    await trap(['-v2c', '', '1.3.6.1.6.3.1.1.5.1', '1.3.6.1.2.1.1.5.0', 's', 'leaf-1']);
    expect(await inbox.next()).toMatchObject({
      kind: 'other',
      trapOid: '1.3.6.1.6.3.1.1.5.1',
      agentAddress: '127.0.0.1',
      varbinds: expect.arrayContaining([{ oid: '1.3.6.1.2.1.1.5.0', type: 'OctetString', value: 'leaf-1' }]),
    });
    // A linkDown without any interface object cannot be applied to an interface: labelled too.
    await trap(['-v2c', '', LINK_DOWN]);
    expect(await inbox.next()).toMatchObject({ kind: 'other', trapOid: LINK_DOWN });
  });

  it('reports an unknown community and a datagram that is not SNMP as problems, and keeps receiving', async () => {
    await tools.run('snmptrap', ['-v2c', '-c', 'guess', `127.0.0.1:${receiver.port}`, '', LINK_UP, '1.3.6.1.2.1.2.2.1.8.1', 'i', '1']);
    expect(await inbox.next()).toMatch(/^SNMP datagram from 127\.0\.0\.1 ignored: .*community/i);
    const s = createSocket('udp4');
    await new Promise<void>((resolve, reject) => s.send(Buffer.from('garbage'), receiver.port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    s.close();
    expect(await inbox.next()).toMatch(/^SNMP datagram from 127\.0\.0\.1 ignored/);
    await trap(['-v2c', '', LINK_UP, '1.3.6.1.2.1.2.2.1.8.1', 'i', '1']);
    expect(await inbox.next()).toMatchObject({ kind: 'linkUp', ifIndex: 1 });
  });
});

describe('SnmpTrapReceiver start-up', () => {
  it('refuses a port already in use, and accepts any community when none is configured', async () => {
    const inbox = new Inbox();
    const first = await SnmpTrapReceiver.start({ port: 0, onTrap: inbox.push });
    try {
      await expect(SnmpTrapReceiver.start({ port: first.port, onTrap: () => undefined })).rejects.toThrow(/EADDRINUSE/);
      const tools = new NetSnmpTools();
      try {
        await tools.run('snmptrap', ['-v2c', '-c', 'whatever', `127.0.0.1:${first.port}`, '', LINK_UP, '1.3.6.1.2.1.2.2.1.8.3', 'i', '1']);
      } finally {
        tools.close();
      }
      expect(await inbox.next()).toMatchObject({ kind: 'linkUp', community: 'whatever', ifIndex: 3 });
    } finally {
      await first.close();
    }
  });
});
