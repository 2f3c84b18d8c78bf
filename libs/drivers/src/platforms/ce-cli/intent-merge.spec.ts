import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalize, type DeviceIntent } from '#intent';
import { describe, expect, it } from 'vitest';
import { mergeIntent } from './intent-merge.js';

const golden = (): DeviceIntent =>
  canonicalize(JSON.parse(readFileSync(join(import.meta.dirname, '../../../../../fixtures/cases/l2-bridge/intent/leaf-1.json'), 'utf8')) as DeviceIntent);

describe('mergeIntent', () => {
  it('keeps what running has, adds new entries and replaces entries of the same key whole', () => {
    const running = golden();
    const added = structuredClone(running);
    added.bridgeDomains = [{ ...running.bridgeDomains[0]!, description: 'renamed' }];
    added.interfaces = [{ name: '10GE1/0/9', description: 'new port', role: 'access', mtu: 1500 }];
    added.vrfs = [];
    const merged = mergeIntent(running, added);
    expect(merged.bridgeDomains.map((b) => [b.id, b.description])).toEqual([
      [10001, 'renamed'],
      [10002, 'blue/db'],
    ]);
    expect(merged.interfaces.map((i) => i.name)).toEqual(expect.arrayContaining(['10GE1/0/1', '100GE1/0/1', '10GE1/0/9']));
    expect(merged.vrfs).toEqual(running.vrfs);
    expect(merged.bgp.neighbors).toEqual(running.bgp.neighbors);
  });

  it('is the given intent on a switch that holds nothing yet', () => {
    expect(mergeIntent(null, golden())).toEqual(golden());
  });
});
