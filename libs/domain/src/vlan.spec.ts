import { describe, expect, it } from 'vitest';
import { InvalidValueError } from './errors.js';
import { VLAN_ID_MAX, VLAN_ID_MIN, VlanId } from './vlan.js';

describe('VlanId.parse', () => {
  it('exposes the range', () => {
    expect([VLAN_ID_MIN, VLAN_ID_MAX]).toEqual([1, 4094]);
  });

  it.each([
    [1, 1],
    [4094, 4094],
    ['100', 100],
  ])('accepts %j', (raw, expected) => {
    expect(VlanId.parse(raw)).toBe(expected);
  });

  it.each([
    [0, 'VLAN ID 0 is out of range 1..4094'],
    [4095, 'VLAN ID 4095 is out of range 1..4094'],
    [10.5, 'VLAN ID 10.5 is not an integer'],
    ['vlan10', 'VLAN ID "vlan10" is not a decimal integer'],
  ])('rejects %j', (raw, message) => {
    let caught: unknown;
    try {
      VlanId.parse(raw, 'vlanId');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidValueError);
    expect((caught as InvalidValueError).message).toBe(message);
    expect((caught as InvalidValueError).field).toBe('vlanId');
  });
});
