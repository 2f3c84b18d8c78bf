import { XmlElement } from '#drivers';
import { afterEach, describe, expect, it } from 'vitest';
import { displayOperational } from '../src/cli/display-commands.js';
import { operationalData } from '../src/oper/oper-data.js';
import { fixtureIntent } from './support/device-test-lab.js';
import { OperFabric, eventually } from './support/oper-fabric.js';

/** The other fixture fabrics: iBGP underlay with route-reflector spines, and a VRF with route suppression. */
describe('emulated fabrics of the other golden cases', () => {
  let fabric: OperFabric | undefined;
  afterEach(() => fabric?.close());

  it('ibgp-underlay: numbered iBGP sessions from every leaf loopback to both spines, reflected EVPN routes and tunnels', async () => {
    fabric = OperFabric.build('ibgp-underlay');
    const f = fabric;
    const leaves = ['leaf-1', 'leaf-2', 'leaf-3', 'leaf-4'];
    await eventually(() => {
      for (const d of ['spine-1', 'spine-2', ...leaves]) {
        const expected = fixtureIntent('ibgp-underlay', d).bgp.neighbors.map((n) => [n.peer, 65000, 'established']);
        expect(f.oper(d).bgpNeighbors().map((n) => [n.peer, n.remoteAs, n.state]), d).toEqual(expected);
      }
    });
    expect(f.oper('leaf-1').bgpNeighbors().map((n) => n.peer)).toEqual(['10.255.0.1', '10.255.0.2']);
    await eventually(() => {
      for (const leaf of leaves) {
        const intent = fixtureIntent('ibgp-underlay', leaf);
        const sharing = leaves.filter((o) => o !== leaf && fixtureIntent('ibgp-underlay', o).bridgeDomains.some((bd) => intent.bridgeDomains.some((b) => b.l2Vni === bd.l2Vni)));
        expect(f.oper(leaf).vxlanTunnels().map((t) => t.destination).sort(), leaf).toEqual(sharing.map((o) => fixtureIntent('ibgp-underlay', o).vtepSource).sort());
      }
    });
    expect(f.oper('leaf-1').vxlanTunnels().length).toBeGreaterThan(0);
    // <get>: numbered neighbours carry their state beside their config, in the OpenConfig namespace.
    const filter = XmlElement.parseDocument('<filter><network-instances xmlns="http://openconfig.net/yang/network-instance"/></filter>');
    const doc = XmlElement.parseDocument(operationalData(f.store('leaf-1'), f.oper('leaf-1'), filter));
    const neighbors = doc.child('network-instances')!.children()[0]!.child('protocols')!.child('protocol')!.child('bgp')!.child('neighbors')!.children();
    expect(neighbors.map((n) => [n.child('neighbor-address')?.text(), n.child('state')?.child('session-state')?.text(), n.child('state')?.child('peer-as')?.text(), n.child('state')?.child('established-transitions')?.text()])).toEqual([
      ['10.255.0.1', 'ESTABLISHED', '65000', '1'],
      ['10.255.0.2', 'ESTABLISHED', '65000', '1'],
    ]);
  });

  it('l3-route-suppression-on: a vswitch peers in its VRF; the leaf advertises the summary as type 5 and every leaf in the VRF learns it', async () => {
    fabric = OperFabric.build('l3-route-suppression-on');
    const f = fabric;
    const leaf1 = fixtureIntent('l3-route-suppression-on', 'leaf-1');
    const worker = fixtureIntent('l3-route-suppression-on', 'worker-1').vrfs[0]!;
    await eventually(() => expect(f.oper('leaf-1').bgpNeighbors().find((n) => n.vrf === 'green')).toMatchObject({ peer: '10GE1/0/1', state: 'established', remoteAs: 4201000000, prefixesReceived: 1 }));
    expect(f.oper('worker-1').lldpNeighbors()).toEqual([{ localInterface: 'uplink0', remoteSystem: 'leaf-1', remoteInterface: '10GE1/0/1' }]);
    const summary = worker.aggregates[0]!.prefix;
    await eventually(() => {
      const type5 = f.oper('leaf-3').evpnRoutes().filter((r) => r.type === 5 && r.nextHop === leaf1.vtepSource);
      expect(type5).toEqual([{ type: 5, routeDistinguisher: leaf1.vrfs[0]!.routeDistinguisher, prefix: summary, vni: leaf1.vrfs[0]!.l3Vni, nextHop: leaf1.vtepSource }]);
    });
    // The /32s inside the summary stay on the vswitch.
    expect(f.oper('leaf-3').evpnRoutes().map((r) => r.prefix)).not.toContain(worker.networks[0]);
    const vpnPeers = displayOperational(f.oper('leaf-1'), 'display bgp vpnv4 all peer', 0)!.split('\r\n');
    expect(vpnPeers).toContain(' VPN-Instance green, Router ID 10.255.0.101:');
    expect(vpnPeers.find((l) => l.includes('10GE1/0/1'))).toMatch(/^ {2}10GE1\/0\/1 +4 +4201000000 +\d+ +\d+ +0 +\d\d:\d\d:\d\d +Established +1$/);
    expect(displayOperational(f.oper('leaf-1'), 'display bgp peer', 0)).not.toContain('10GE1/0/1 ');
  });
});
