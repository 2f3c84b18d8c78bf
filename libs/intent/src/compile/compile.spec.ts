import { describe, expect, it } from 'vitest';
import { SeededRandom } from '#testing';
import type { FabricSnapshot } from '../snapshot.js';
import { GOLDEN_CASES } from '../testing/golden-cases.js';
import { aSnapshot } from '../testing/snapshot-builder.js';
import { compile, compileContainerNodes } from './compile.js';

const shuffled = <T>(items: T[], seed: number): T[] => new SeededRandom(seed).shuffle(items);

function reorder(s: FabricSnapshot, seed: number): FabricSnapshot {
  const out = structuredClone(s);
  for (const key of ['devices', 'links', 'vpcs', 'logicalSwitches', 'logicalRouters', 'ports', 'securityPolicies', 'containerNodes', 'ipBlocks', 'externalGateways'] as const) {
    (out[key] as unknown[]) = shuffled(out[key] as unknown[], seed + key.length);
  }
  for (const v of out.vpcs) v.importRouteTargets = shuffled(v.importRouteTargets, seed);
  return out;
}

const serialize = (s: FabricSnapshot) => JSON.stringify([...compile(s).devices]);

describe('compile', () => {
  it.each(Object.keys(GOLDEN_CASES))('is byte-identical whatever the order of the snapshot (%s)', (name) => {
    const snapshot = (GOLDEN_CASES[name] as () => FabricSnapshot)();
    const reference = serialize(snapshot);
    for (let seed = 1; seed <= 20; seed++) expect(serialize(reorder(snapshot, seed))).toBe(reference);
  });

  it('scopes tenants to the leaves their ports need', () => {
    const devices = compile((GOLDEN_CASES['l2-bridge'] as () => FabricSnapshot)()).devices;
    expect(devices.get('leaf-1')?.bridgeDomains.map((b) => b.description)).toEqual(['blue/web', 'blue/db']);
    expect(devices.get('leaf-2')?.bridgeDomains.map((b) => b.description)).toEqual(['blue/web']);
    expect(devices.get('leaf-3')?.bridgeDomains.map((b) => b.description)).toEqual(['blue/db']);
    expect(devices.get('leaf-4')?.vrfs).toEqual([]);
    expect(devices.get('spine-1')?.vrfs).toEqual([]);
    // Same anycast gateway on every leaf that carries the logical switch.
    const gateways = ['leaf-1', 'leaf-2'].map((l) => devices.get(l)?.bridgeDomains.find((b) => b.l2Vni === 10001)?.gateway);
    expect(gateways[0]).toEqual(gateways[1]);
  });

  it('advertises /32s without suppression and block aggregates plus exceptions with it', () => {
    const off = compileContainerNodes((GOLDEN_CASES['l3-route-suppression-off'] as () => FabricSnapshot)());
    const on = compileContainerNodes((GOLDEN_CASES['l3-route-suppression-on'] as () => FabricSnapshot)());
    expect(off.get('worker-2')?.vrfs[0]).toMatchObject({ networks: ['10.2.0.10/32', '10.2.0.66/32'], aggregates: [] });
    expect(on.get('worker-2')?.vrfs[0]).toMatchObject({ networks: ['10.2.0.10/32', '10.2.0.66/32'], aggregates: [{ prefix: '10.2.0.64/26', summaryOnly: true }] });
    // 10.2.0.10 lies in worker-1's block but runs on worker-2: only worker-2's /32 reaches it.
    expect(on.get('worker-1')?.vrfs[0]?.networks).not.toContain('10.2.0.10/32');
  });

  it('leaks routes between interconnected VPCs in both directions', () => {
    const devices = compile((GOLDEN_CASES.interconnect as () => FabricSnapshot)()).devices;
    const red = devices.get('leaf-1')?.vrfs.find((v) => v.name === 'red');
    const green = devices.get('leaf-2')?.vrfs.find((v) => v.name === 'green');
    expect(red?.importRouteTargets).toEqual(expect.arrayContaining([...(green?.exportRouteTargets ?? [])]));
    expect(green?.importRouteTargets).toEqual(expect.arrayContaining([...(red?.exportRouteTargets ?? [])]));
    expect(red?.staticRoutes).toEqual([{ prefix: '192.168.50.0/24', nextHop: '10.10.1.254' }]);
  });

  it('merges the policies on one bridge domain into one ACL per direction, allows before default denies', () => {
    const b = aSnapshot();
    const { leaves } = b.clos(1, 1);
    const blue = b.vpc('blue', '10.1.0.0/16');
    const web = b.logicalSwitch(blue, 'web', '10.1.1.0/24');
    b.port(web, 'web-0', '10.1.1.10', { leaf: leaves[0] as never, iface: '10GE1/0/3', vlan: 100 }, { app: 'web' });
    b.policy(blue, 'a-lockdown', { app: 'web' }, [{ priority: 20, direction: 'ingress', protocol: 'tcp', ports: '22', cidr: '192.0.2.0/24', action: 'allow' }], 'deny');
    b.policy(blue, 'b-open', {}, [{ priority: 10, direction: 'ingress', protocol: 'tcp', ports: '443', action: 'allow' }], 'allow');
    const acls = compile(b.build()).devices.get('leaf-1')?.acls ?? [];
    expect(acls.map((a) => [a.name, a.bindings])).toEqual([
      ['blue-bd10001-in', [{ bridgeDomain: 10001, direction: 'outbound' }]],
      ['blue-bd10001-out', [{ bridgeDomain: 10001, direction: 'inbound' }]],
    ]);
    expect(acls[0]?.rules.map((r) => `${r.sequence} ${r.action} ${r.protocol} ${r.source}→${r.destination} ${r.destinationPort ?? ''}`.trim())).toEqual([
      '5 permit tcp any→10.1.1.10/32 443',
      '10 permit tcp 192.0.2.0/24→10.1.1.10/32 22',
      // b-open allows everything else by default, so the port is open: union of allows.
      '15 permit any any→10.1.1.10/32',
      '20 deny any any→10.1.1.10/32',
    ]);
  });
});
