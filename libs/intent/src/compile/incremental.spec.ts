import { describe, expect, it } from 'vitest';
import { SeededRandom } from '#testing';
import type { FabricSnapshot, SnapshotPort } from '../snapshot.js';
import { GOLDEN_CASES } from '../testing/golden-cases.js';
import { compile } from './compile.js';
import { IncrementalCompiler, type SnapshotChange } from './incremental.js';

const rng = (seed: number) => {
  const r = new SeededRandom(seed);
  return () => r.next();
};

/** A random, valid-enough change to the current snapshot. */
function randomChange(s: FabricSnapshot, rand: () => number, n: number): SnapshotChange {
  const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(rand() * xs.length)];
  const leaves = s.devices.filter((d) => d.role === 'leaf' || d.role === 'border-leaf');
  const roll = rand();
  const port = pick(s.ports);
  const ls = pick(s.logicalSwitches);
  if (roll < 0.3 && ls) {
    const node = pick(s.containerNodes);
    const leaf = pick(leaves);
    const onNode = node && rand() < 0.5;
    const after: SnapshotPort = {
      id: `10000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
      vpcId: ls.vpcId,
      logicalSwitchId: ls.id,
      name: `p${n}`,
      ip: `${ls.subnet.split('.').slice(0, 3).join('.')}.${100 + (n % 150)}`,
      mac: `02:aa:00:00:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`,
      bindingKind: onNode ? 'container-node' : 'leaf-interface',
      deviceId: onNode ? null : (leaf?.id ?? null),
      interfaceName: onNode ? null : `10GE1/0/${10 + (n % 4)}`,
      vlan: onNode && node.mode === 'l3-route' ? null : 100 + (n % 3),
      containerNodeId: onNode ? node.id : null,
      labels: rand() < 0.5 ? { app: pick(['web', 'frontend', 'db']) as string } : {},
    };
    return { kind: 'logical-port', before: null, after };
  }
  if (roll < 0.45 && port) return { kind: 'logical-port', before: port, after: null };
  if (roll < 0.6 && port) {
    const leaf = pick(leaves);
    return { kind: 'logical-port', before: port, after: { ...port, labels: { app: pick(['web', 'frontend']) as string }, bindingKind: 'leaf-interface', deviceId: leaf?.id ?? null, interfaceName: '10GE1/0/9', vlan: 300, containerNodeId: null } };
  }
  const vpc = pick(s.vpcs);
  if (roll < 0.7 && vpc) return { kind: 'vpc', before: vpc, after: { ...vpc, routeSuppression: !vpc.routeSuppression, exportRouteTargets: [`65000:${9000 + n}`] } };
  const node = pick(s.containerNodes);
  if (roll < 0.78 && node && ls) {
    const existing = s.ipBlocks.find((b) => b.containerNodeId === node.id);
    if (existing && rand() < 0.5) return { kind: 'ip-block', before: existing, after: null };
    return { kind: 'ip-block', before: null, after: { containerNodeId: node.id, logicalSwitchId: ls.id, vpcId: ls.vpcId, cidr: `${ls.subnet.split('.').slice(0, 3).join('.')}.192/26` } };
  }
  const router = pick(s.logicalRouters);
  if (roll < 0.85 && router) {
    const peer = pick(s.logicalRouters.filter((r) => r.id !== router.id));
    return { kind: 'logical-router', before: router, after: { ...router, interconnections: peer && rand() < 0.6 ? [{ peerRouterId: peer.id }] : [], staticRoutes: [{ prefix: `192.168.${n % 200}.0/24`, nextHop: '10.1.1.254' }] } };
  }
  if (roll < 0.9 && vpc) {
    return { kind: 'security-policy', before: null, after: { id: `20000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`, vpcId: vpc.id, name: `pol${n}`, appliesTo: { app: 'web' }, rules: [{ priority: 10, direction: 'ingress', protocol: 'tcp', ports: '443', peerSelector: { app: 'frontend' }, action: 'allow' }], defaultAction: 'deny' } };
  }
  if (roll < 0.94 && node) return { kind: 'container-node', before: node, after: { ...node, asn: node.mode === 'l3-route' ? 4_210_000_000 + n : null, leafInterface: `10GE1/0/${20 + (n % 5)}` } };
  const device = pick(leaves);
  if (roll < 0.97 && device) return { kind: 'device', before: device, after: { ...device, asn: 4_220_000_000 + n } };
  const link = pick(s.links);
  if (link) return { kind: 'link', before: link, after: null };
  return { kind: 'fabric', before: s.fabric, after: { ...s.fabric, underlayProtocol: s.fabric.underlayProtocol === 'ebgp' ? 'ibgp' : 'ebgp' } };
}

/** The property: after any sequence of changes, incremental intents equal a full compile. */
describe('incremental compile', () => {
  it.each(Object.keys(GOLDEN_CASES))('always equals a full compile (%s)', (name) => {
    for (let seed = 1; seed <= 8; seed++) {
      const rand = rng(seed * 7919 + name.length);
      const inc = new IncrementalCompiler((GOLDEN_CASES[name] as () => FabricSnapshot)());
      for (let step = 1; step <= 40; step++) {
        const change = randomChange(inc.current(), rand, seed * 1000 + step);
        inc.apply(structuredClone(change));
        const full = compile(structuredClone(inc.current())).devices;
        expect([...inc.devices.keys()].sort(), `seed ${seed} step ${step} ${change.kind}`).toEqual([...full.keys()].sort());
        for (const [device, intent] of full) expect(inc.devices.get(device), `seed ${seed} step ${step} ${change.kind} → ${device}`).toEqual(intent);
      }
    }
  });

  it('recompiles only the leaf a new port lands on', () => {
    const s = (GOLDEN_CASES['l2-bridge'] as () => FabricSnapshot)();
    const inc = new IncrementalCompiler(s);
    const ls = s.logicalSwitches[0];
    const leaf = s.devices.find((d) => d.name === 'leaf-4');
    const after = { ...(s.ports[0] as SnapshotPort), id: 'new-port', name: 'new', ip: '10.1.1.99', bindingKind: 'leaf-interface' as const, deviceId: leaf?.id ?? null, interfaceName: '10GE1/0/7', vlan: 100, containerNodeId: null, logicalSwitchId: ls?.id as string };
    expect([...inc.apply({ kind: 'logical-port', before: null, after })]).toEqual(['leaf-4']);
    expect(inc.devices.get('leaf-4')?.bridgeDomains.map((b) => b.attachments)).toEqual([[{ interface: '10GE1/0/7', vlan: 100 }]]);
  });
});
