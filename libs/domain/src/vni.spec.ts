import { describe, expect, it } from 'vitest';
import { Vni, VNI_MAX, VNI_MIN } from './vni.js';

/** Matches an InvalidValueError by code, exact message and field (toThrow(instance) would also compare detail). */
const invalid = (message: string, field: string) => expect.objectContaining({ code: 'INVALID_VALUE', message, field });

describe('Vni.parse', () => {
  it('exposes the range', () => {
    expect([VNI_MIN, VNI_MAX]).toEqual([1, 16_777_214]);
    expect([Vni.MIN, Vni.MAX]).toEqual([1, 16_777_214]);
  });

  it.each([
    [1, 1],
    [10_100, 10_100],
    [16_777_214, 16_777_214],
    ['10100', 10_100],
    ['010100', 10_100],
  ])('accepts %j as %d', (raw, expected) => {
    expect(Vni.parse(raw)).toBe(expected);
  });

  it.each([
    [16_777_215, 'VNI 16777215 is out of range 1..16777214'],
    [0, 'VNI 0 is out of range 1..16777214'],
    [-5, 'VNI -5 is out of range 1..16777214'],
    ['16777215', 'VNI 16777215 is out of range 1..16777214'],
    ['99999999999999999999', 'VNI 99999999999999999999 is out of range 1..16777214'],
    [1.5, 'VNI 1.5 is not an integer'],
    [Number.NaN, 'VNI NaN is not an integer'],
    [Number.POSITIVE_INFINITY, 'VNI Infinity is not an integer'],
    ['1e3', 'VNI "1e3" is not a decimal integer'],
    ['', 'VNI "" is not a decimal integer'],
    [' 100', 'VNI " 100" is not a decimal integer'],
    [null, 'VNI must be an integer, got null'],
    [true, 'VNI must be an integer, got true'],
  ])('rejects %j', (raw, message) => {
    expect(() => Vni.parse(raw, 'vni')).toThrow(invalid(message, 'vni'));
  });
});
