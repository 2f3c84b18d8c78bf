import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceIntent } from '#intent';
import { describe, expect, it } from 'vitest';
import { originatedRoutes, redistributedRoutes } from './route-origination.js';

const intent = (caseName: string, device: string): DeviceIntent => JSON.parse(readFileSync(join(import.meta.dirname, '../../../../fixtures/cases', caseName, 'intent', `${device}.json`), 'utf8')) as DeviceIntent;
const short = (r: { family: string; type?: number; prefix: string; vni?: number }) => `${r.family} ${r.type ?? '-'} ${r.prefix} ${r.vni ?? '-'}`;

describe('routes a switch originates', () => {
  it('a leaf: its loopback, type 3 per L2 VNI, type 2 for each anycast gateway, type 5 for the gateway subnets', () => {
    const leaf1 = intent('l2-bridge', 'leaf-1');
    expect(originatedRoutes(leaf1, 'default').map(short)).toEqual([
      'ipv4 - 10.255.0.101/32 -',
      'evpn 3 10.255.0.101 10001',
      'evpn 2 00:00:5e:00:01:01,10.1.1.1 10001',
      'evpn 3 10.255.0.101 10002',
      'evpn 2 00:00:5e:00:01:01,10.1.2.1 10002',
      'evpn 5 10.1.1.0/24 10000',
      'evpn 5 10.1.2.0/24 10000',
    ]);
    expect(originatedRoutes(leaf1, 'default').every((r) => r.originator === '10.255.0.101' && r.nextHop === '10.255.0.101')).toBe(true);
  });

  it('a spine: only its loopback', () => {
    expect(originatedRoutes(intent('l2-bridge', 'spine-1'), 'default').map(short)).toEqual(['ipv4 - 10.255.0.1/32 -']);
  });

  it('a vswitch VRF: the summary hides the /32s inside it', () => {
    expect(originatedRoutes(intent('l3-route-suppression-on', 'worker-1'), 'green').map(short)).toEqual(['ipv4 - 10.2.0.0/26 -']);
    expect(originatedRoutes(intent('l3-route-suppression-off', 'worker-1'), 'green').map(short)).toEqual(expect.arrayContaining(['ipv4 - 10.2.0.2/32 -']));
  });

  it('a leaf re-advertises what its VRF sessions learned as type 5 of the VRF', () => {
    const leaf1 = intent('l3-route-suppression-on', 'leaf-1');
    const learned = new Map([['green', [{ family: 'ipv4' as const, prefix: '10.2.0.0/26', nextHop: '10.255.0.51', originator: '10.255.0.51' }]]]);
    expect(redistributedRoutes(leaf1, learned)).toEqual([{ family: 'evpn', type: 5, rd: '65000:10000', prefix: '10.2.0.0/26', vni: 10000, nextHop: '10.255.0.101', originator: '10.255.0.101' }]);
  });
});
