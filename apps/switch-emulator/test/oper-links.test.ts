import { duplexPair } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectPorts } from '../src/oper/cabling.js';
import type { LinkChange } from '../src/oper/operational-view.js';
import { WireLink, type WireMessage } from '../src/oper/wire-protocol.js';
import { OperFabric, eventually } from './support/oper-fabric.js';

const HOLD_MS = 300;

const sessionOn = (f: OperFabric, device: string, port: string) => f.oper(device).bgpNeighbors().find((n) => n.peer === port)!;
const counters = (f: OperFabric, device: string, port: string) => f.oper(device).interfaces().find((i) => i.name === port)!.counters;

/** Cables, ports and peers going away in the l2-bridge fabric (two spines, four leaves). */
describe('link and peer changes in an emulated fabric', () => {
  let f: OperFabric;
  const changes: { device: string; change: LinkChange }[] = [];
  beforeEach(async () => {
    changes.length = 0;
    f = OperFabric.build('l2-bridge');
    for (const device of ['leaf-1', 'leaf-2', 'spine-1', 'spine-2']) f.oper(device).onLinkChange((change) => changes.push({ device, change }));
    await eventually(() => expect(f.oper('leaf-2').vxlanTunnels().map((t) => [t.destination, t.state])).toEqual([['10.255.0.101', 'up']]));
    changes.length = 0;
  });
  afterEach(() => f.close());

  it('counts traffic while a port is up and stops counting while it is down', async () => {
    const first = counters(f, 'leaf-1', '100GE1/0/1');
    await eventually(() => expect(counters(f, 'leaf-1', '100GE1/0/1').inOctets).toBeGreaterThan(first.inOctets));
    const second = counters(f, 'leaf-1', '100GE1/0/1');
    expect(second.outPackets).toBeGreaterThanOrEqual(first.outPackets);
    expect(counters(f, 'leaf-1', '10GE1/0/48').inOctets).toBe(0n);
    f.oper('leaf-1').setAdminUp('100GE1/0/1', false);
    const frozen = counters(f, 'leaf-1', '100GE1/0/1');
    // Another port that is up serves as the clock: once it counted more, time has passed.
    const clock = counters(f, 'leaf-1', '100GE1/0/2').inOctets;
    await eventually(() => expect(counters(f, 'leaf-1', '100GE1/0/2').inOctets).toBeGreaterThan(clock + 100n));
    expect(counters(f, 'leaf-1', '100GE1/0/1')).toEqual(frozen);
  });

  it('pulling a cable takes both ends down, fires the listeners and drops the session; the other spine keeps the tunnels up', async () => {
    f.cables.get('leaf-1 100GE1/0/1')!.disconnect();
    await eventually(() => {
      expect(changes).toContainEqual({ device: 'leaf-1', change: expect.objectContaining({ name: '100GE1/0/1', operUp: false, adminUp: true }) });
      expect(changes).toContainEqual({ device: 'spine-1', change: expect.objectContaining({ name: '10GE1/0/1', operUp: false, adminUp: true }) });
      expect(sessionOn(f, 'leaf-1', '100GE1/0/1')).toMatchObject({ state: 'idle', prefixesReceived: 0 });
      expect(sessionOn(f, 'spine-1', '10GE1/0/1').state).toBe('idle');
    });
    expect(f.oper('leaf-1').lldpNeighbors()).toEqual([{ localInterface: '100GE1/0/2', remoteSystem: 'spine-2', remoteInterface: '10GE1/0/1' }]);
    expect(f.oper('leaf-1').interfaces().find((i) => i.name === '100GE1/0/1')).toMatchObject({ operUp: false, adminUp: true });
    expect(f.oper('leaf-2').vxlanTunnels().map((t) => t.state)).toEqual(['up']);
  });

  it('with both uplinks of a leaf pulled, the other leaves lose its routes and their tunnels to it go down; recabled, they come back', async () => {
    const upSince = f.oper('leaf-2').vxlanTunnels()[0]!.upSince;
    f.cables.get('leaf-1 100GE1/0/1')!.disconnect();
    f.cables.get('leaf-1 100GE1/0/2')!.disconnect();
    await eventually(() => {
      expect(f.oper('leaf-2').vxlanTunnels().map((t) => [t.destination, t.state])).toEqual([['10.255.0.101', 'down']]);
      expect(f.oper('leaf-2').evpnRoutes().filter((r) => r.nextHop === '10.255.0.101')).toEqual([]);
      expect(f.oper('leaf-1').vxlanTunnels().map((t) => t.state)).toEqual(['down', 'down']);
    });
    connectPorts(f.oper('leaf-1'), '100GE1/0/1', f.oper('spine-1'), '10GE1/0/1');
    await eventually(() => {
      expect(sessionOn(f, 'leaf-1', '100GE1/0/1').state).toBe('established');
      const tunnel = f.oper('leaf-2').vxlanTunnels()[0]!;
      expect(tunnel).toMatchObject({ destination: '10.255.0.101', state: 'up', vnis: [10001] });
      expect(tunnel.upSince.getTime()).toBeGreaterThanOrEqual(upSince.getTime());
    });
    expect(sessionOn(f, 'spine-1', '10GE1/0/1').remoteAs).toBe(4200000100);
  });

  it('shutting a port takes the far end down too; undo shutdown brings the session back', async () => {
    f.oper('spine-2').setAdminUp('10GE1/0/2', false);
    await eventually(() => {
      expect(changes).toContainEqual({ device: 'spine-2', change: expect.objectContaining({ name: '10GE1/0/2', operUp: false, adminUp: false }) });
      expect(changes).toContainEqual({ device: 'leaf-2', change: expect.objectContaining({ name: '100GE1/0/2', operUp: false, adminUp: true }) });
      expect(sessionOn(f, 'leaf-2', '100GE1/0/2').state).not.toBe('established');
    });
    expect(f.oper('spine-2').lldpNeighbors().map((n) => n.remoteSystem)).toEqual(['leaf-1', 'leaf-3', 'leaf-4']);
    f.oper('spine-2').setAdminUp('10GE1/0/2', true);
    await eventually(() => expect(sessionOn(f, 'leaf-2', '100GE1/0/2')).toMatchObject({ state: 'established', remoteAs: 65000 }));
    expect(changes.filter((c) => c.device === 'leaf-2').map((c) => [c.change.name, c.change.operUp])).toEqual([
      ['100GE1/0/2', false],
      ['100GE1/0/2', true],
    ]);
  });
});

/** A far end that speaks the wire protocol by hand: answers the open, then falls silent. */
describe('a BGP peer that misbehaves', () => {
  let f: OperFabric;
  let heard: WireMessage[];
  let fake: WireLink;
  beforeEach(async () => {
    f = OperFabric.build('l2-bridge', ['leaf-1'], { holdMs: HOLD_MS });
    heard = [];
    const [ours, theirs] = duplexPair();
    fake = new WireLink(theirs);
    fake.onMessage = (m) => heard.push(m);
    f.oper('leaf-1').attach('100GE1/0/1', new WireLink(ours));
    fake.send({ t: 'hello', system: 'spine-x', port: 'Ethernet1', adminUp: true, routerId: '10.255.0.9' });
    await eventually(() => expect(heard.find((m) => m.t === 'open')).toMatchObject({ asn: 4200000100, routerId: '10.255.0.101', session: { mode: 'interface' } }));
  });
  afterEach(() => {
    fake.close();
    f.close();
  });

  it('is dropped when its hold timer expires', async () => {
    fake.send({ t: 'open', session: { mode: 'interface' }, asn: 65000, routerId: '10.255.0.9' });
    fake.send({ t: 'keepalive', session: { mode: 'interface' } });
    await eventually(() => expect(sessionOn(f, 'leaf-1', '100GE1/0/1').state).toBe('established'));
    expect(heard.filter((m) => m.t === 'update').flatMap((m) => (m.t === 'update' ? m.routes : [])).map((r) => `${r.family} ${r.type ?? ''} ${r.prefix}`)).toContain('evpn 3 10.255.0.101');
    await eventually(() => expect(sessionOn(f, 'leaf-1', '100GE1/0/1').state).toBe('active'), HOLD_MS * 10);
    expect(heard.at(-1)).toMatchObject({ t: 'notification', reason: 'hold timer expired' });
  });

  it('is refused when it announces an AS the neighbour configuration does not accept', async () => {
    fake.send({ t: 'open', session: { mode: 'interface' }, asn: 4200000100, routerId: '10.255.0.9' });
    await eventually(() => expect(heard.at(-1)).toMatchObject({ t: 'notification', reason: 'bad peer AS 4200000100' }));
    expect(sessionOn(f, 'leaf-1', '100GE1/0/1').state).toBe('active');
  });

  it('is cut off when it sends something that is not the wire protocol', async () => {
    const [ours, theirs] = duplexPair();
    f.oper('leaf-1').attach('100GE1/0/2', new WireLink(ours));
    theirs.write(Buffer.from([0, 0, 0, 5, 0x7b, 0x22, 0x74, 0x22, 0x7d]));
    await eventually(() => expect(f.oper('leaf-1').cabled('100GE1/0/2')).toBe(false));
    expect(f.oper('leaf-1').cabled('100GE1/0/1')).toBe(true);
    theirs.destroy();
  });
});
