import { ceNetconfDialect } from '#dialects';
import { XmlElement } from '#drivers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEditTree } from '../src/device/config-tree.js';
import { fixtureIntent } from './support/device-test-lab.js';
import { OperFabric, eventually, pushConfig } from './support/oper-fabric.js';

const writer = { sessionId: 9, username: 'admin' };
const tunnels = (f: OperFabric, device: string) => f.oper(device).vxlanTunnels().map((t) => [t.destination, t.state, t.vnis]);

/** The operational state follows the running configuration: commits, rollbacks, removed peers. */
describe('operational state after configuration changes', () => {
  let f: OperFabric;
  beforeEach(async () => {
    f = OperFabric.build('l2-bridge');
    await eventually(() => expect(tunnels(f, 'leaf-1')).toEqual([['10.255.0.102', 'up', [10001]], ['10.255.0.103', 'up', [10002]]]));
  });
  afterEach(() => f.close());

  it('a commit that removes a bridge domain withdraws its routes and the tunnel; a rolled-back confirmed commit restores them', async () => {
    const leaf2 = fixtureIntent('l2-bridge', 'leaf-2');
    const ifIndex = () => f.oper('leaf-2').interfaces().find((i) => i.name === 'Vbdif10001')?.ifIndex;
    const vbdifIndex = ifIndex();
    expect(vbdifIndex).toBeGreaterThan(0);
    pushConfig(f.store('leaf-2'), ceNetconfDialect.render({ ...leaf2, bridgeDomains: [] }));
    await eventually(() => {
      expect(tunnels(f, 'leaf-1')).toEqual([['10.255.0.102', 'down', [10001]], ['10.255.0.103', 'up', [10002]]]);
      expect(f.oper('leaf-1').evpnRoutes().filter((r) => r.nextHop === '10.255.0.102')).toEqual([]);
    });
    expect(ifIndex()).toBeUndefined();

    const store = f.store('leaf-2');
    store.editConfig(writer, 'candidate', readEditTree(XmlElement.parseDocument(ceNetconfDialect.render(leaf2))), { defaultOperation: 'replace' });
    store.commit(writer, { confirmed: true });
    await eventually(() => expect(tunnels(f, 'leaf-1')[0]).toEqual(['10.255.0.102', 'up', [10001]]));
    expect(ifIndex()).toBe(vbdifIndex);
    store.cancelCommit(writer);
    await eventually(() => expect(tunnels(f, 'leaf-1')[0]).toEqual(['10.255.0.102', 'down', [10001]]));
  });

  it('a neighbour removed from the configuration goes away, and the far end stops being established', async () => {
    const spine1 = fixtureIntent('l2-bridge', 'spine-1');
    pushConfig(f.store('spine-1'), ceNetconfDialect.render({ ...spine1, bgp: { ...spine1.bgp, neighbors: spine1.bgp.neighbors.filter((n) => n.peer !== '10GE1/0/3') } }));
    await eventually(() => {
      expect(f.oper('spine-1').bgpNeighbors().map((n) => n.peer)).toEqual(['10GE1/0/1', '10GE1/0/2', '10GE1/0/4']);
      expect(f.oper('leaf-3').bgpNeighbors().map((n) => n.state)).toEqual(['active', 'established']);
    });
    // The cable is still there: LLDP keeps seeing the spine.
    expect(f.oper('leaf-3').lldpNeighbors().map((n) => n.remoteSystem)).toEqual(['spine-1', 'spine-2']);
  });

  it('a leaf whose AS changes reopens its sessions, and the spines learn the new AS', async () => {
    const leaf4 = fixtureIntent('l2-bridge', 'leaf-4');
    const before = f.oper('spine-1').bgpSessions().find((s) => s.peer === '10GE1/0/4')!.establishedTransitions;
    pushConfig(f.store('leaf-4'), ceNetconfDialect.render({ ...leaf4, asn: 4200000199, bgp: { ...leaf4.bgp, asn: 4200000199 } }));
    await eventually(() => expect(f.oper('spine-1').bgpNeighbors().find((n) => n.peer === '10GE1/0/4')).toMatchObject({ state: 'established', remoteAs: 4200000199 }));
    expect(f.oper('spine-1').bgpSessions().find((s) => s.peer === '10GE1/0/4')!.establishedTransitions).toBe(before + 1);
  });

  it('lists the chassis ports, then the logical interfaces the configuration names, up while configured', () => {
    const all = f.oper('leaf-1').interfaces();
    expect(all.map((i) => i.ifIndex)).toEqual(all.map((_, n) => n + 1));
    expect(all.slice(0, 54).every((i) => i.kind === 'ethernet')).toBe(true);
    expect(all.slice(54).map((i) => [i.name, i.kind, i.operUp])).toEqual([
      ['Nve1', 'nve', true],
      ['LoopBack0', 'loopback', true],
      ['Vbdif10001', 'vbdif', true],
      ['Vbdif10002', 'vbdif', true],
    ]);
    expect(all.find((i) => i.name === '100GE1/0/1')).toMatchObject({ mtu: 9000, speedMbps: 100000, description: 'to spine-1 10GE1/0/1', operUp: true });
    expect(all.find((i) => i.name === '10GE1/0/48')).toMatchObject({ mtu: 1500, speedMbps: 10000, description: '', operUp: false, adminUp: true });
    expect(new Set(all.filter((i) => i.kind === 'ethernet').map((i) => i.macAddress)).size).toBe(54);
    expect(f.oper('leaf-4').facts()).toMatchObject({ hostname: 'leaf-4', vendor: 'Spinel', model: 'CE-EMU-48S6CQ', serialNumber: expect.stringMatching(/^SPX[0-9A-F]{8}$/) });
  });
});
