import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureIntent } from './support/device-test-lab.js';
import { OperFabric, eventually } from './support/oper-fabric.js';

const CASE = 'l2-bridge';
const LEAVES = ['leaf-1', 'leaf-2', 'leaf-3', 'leaf-4'];
const SPINES = ['spine-1', 'spine-2'];

describe('an emulated fabric in one process (l2-bridge)', () => {
  let fabric: OperFabric;
  beforeAll(() => {
    fabric = OperFabric.build(CASE);
  });
  afterAll(() => fabric?.close());

  it('brings up every configured BGP session', async () => {
    await eventually(() => {
      for (const d of [...SPINES, ...LEAVES]) {
        const neighbors = fabric.oper(d).bgpNeighbors();
        expect(neighbors.length, d).toBe(fixtureIntent(CASE, d).bgp.neighbors.length);
        expect(neighbors.map((n) => `${d} ${n.peer} ${n.state}`)).toEqual(neighbors.map((n) => `${d} ${n.peer} established`));
      }
    });
    const leaf1 = fabric.oper('leaf-1').bgpNeighbors();
    expect(leaf1.map((n) => [n.peer, n.remoteAs, n.vrf])).toEqual([['100GE1/0/1', 65000, 'default'], ['100GE1/0/2', 65000, 'default']]);
  });

  it('reports LLDP neighbours that match the cabling', () => {
    expect(fabric.oper('leaf-1').lldpNeighbors()).toEqual([
      { localInterface: '100GE1/0/1', remoteSystem: 'spine-1', remoteInterface: '10GE1/0/1' },
      { localInterface: '100GE1/0/2', remoteSystem: 'spine-2', remoteInterface: '10GE1/0/1' },
    ]);
    expect(fabric.oper('spine-2').lldpNeighbors().map((n) => `${n.localInterface}>${n.remoteSystem}:${n.remoteInterface}`)).toEqual(LEAVES.map((l, i) => `10GE1/0/${i + 1}>${l}:100GE1/0/2`));
  });

  it('exchanges type-3 routes and builds a tunnel to every other leaf that shares an L2 VNI', async () => {
    const intents = new Map(LEAVES.map((l) => [l, fixtureIntent(CASE, l)]));
    await eventually(() => {
      for (const [leaf, intent] of intents) {
        const routes = fabric.oper(leaf).evpnRoutes();
        const expectedTunnels = new Map<string, number[]>();
        for (const [other, otherIntent] of intents) {
          if (other === leaf) continue;
          for (const bd of otherIntent.bridgeDomains) {
            expect(routes, `${leaf} type 3 from ${other} VNI ${bd.l2Vni}`).toContainEqual({ type: 3, routeDistinguisher: bd.routeDistinguisher, prefix: otherIntent.vtepSource, vni: bd.l2Vni, nextHop: otherIntent.vtepSource });
            if (intent.bridgeDomains.some((b) => b.l2Vni === bd.l2Vni)) expectedTunnels.set(otherIntent.vtepSource!, [...(expectedTunnels.get(otherIntent.vtepSource!) ?? []), bd.l2Vni]);
          }
        }
        const tunnels = fabric.oper(leaf).vxlanTunnels();
        expect(tunnels.map((t) => [t.source, t.destination, t.state, t.vnis]).sort(), leaf).toEqual([...expectedTunnels].map(([d, v]) => [intent.vtepSource, d, 'up', v.sort()]).sort());
      }
    });
  });
});
