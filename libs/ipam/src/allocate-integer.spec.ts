import { describe, expect, it } from 'vitest';
import { allocateInteger } from './allocate-integer.js';

describe('allocateInteger', () => {
  it('returns the minimum when nothing is used', () => {
    expect(allocateInteger([], 10_000, 10_999, 'VNI')).toBe(10_000);
  });

  it('returns the lowest gap, whatever the order and duplicates of used', () => {
    expect(allocateInteger([3, 1, 2, 2, 5], 1, 10, 'VLAN ID')).toBe(4);
    expect(allocateInteger(new Set([2, 3]), 1, 10, 'VLAN ID')).toBe(1);
  });

  it('ignores used values outside the range', () => {
    expect(allocateInteger([1, 2, 100, 4095], 100, 4094, 'VLAN ID')).toBe(101);
  });

  it('returns the maximum when it is the only free value', () => {
    expect(allocateInteger([1, 2, 3], 1, 4, 'VLAN ID')).toBe(4);
  });

  it('throws ExhaustedError naming what ran out', () => {
    expect(() => allocateInteger([1, 2, 3, 4], 1, 4, 'VLAN ID', 'vlanId')).toThrow(
      expect.objectContaining({
        code: 'EXHAUSTED',
        message: 'no free VLAN ID left in 1..4 (all 4 are in use)',
        field: 'vlanId',
      }),
    );
  });

  it('rejects an empty or non-integer range', () => {
    expect(() => allocateInteger([], 5, 4, 'VNI')).toThrow(expect.objectContaining({ code: 'INVALID_VALUE' }));
    expect(() => allocateInteger([], 1.5, 4, 'VNI')).toThrow(expect.objectContaining({ code: 'INVALID_VALUE' }));
  });

  it('finds the single hole among 50,000 used values', () => {
    const used: number[] = [];
    for (let vni = 10_000; vni < 60_001; vni++) if (vni !== 47_123) used.push(vni);
    used.reverse(); // the order callers get from a database is arbitrary
    expect(used).toHaveLength(50_000);
    expect(allocateInteger(used, 10_000, 16_777_214, 'VNI')).toBe(47_123);
    expect(allocateInteger([...used, 47_123], 10_000, 16_777_214, 'VNI')).toBe(60_001);
  });
});
