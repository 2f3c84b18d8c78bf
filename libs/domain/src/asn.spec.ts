import { describe, expect, it } from 'vitest';
import { ASN_MAX, Asn } from './asn.js';

/** Matches an InvalidValueError by code, exact message and field (toThrow(instance) would also compare detail). */
const invalid = (message: string, field: string) => expect.objectContaining({ code: 'INVALID_VALUE', message, field });

describe('Asn.parse', () => {
  it.each([
    [1, 1],
    [65_000, 65_000],
    [ASN_MAX, 4_294_967_295],
    ['4200000000', 4_200_000_000],
    ['65000.10', 65_000 * 65_536 + 10],
    ['1.0', 65_536],
    ['0.65000', 65_000],
    ['65535.65535', 4_294_967_295],
  ])('accepts %j as %d', (raw, expected) => {
    expect(Asn.parse(raw)).toBe(expected);
  });

  it.each([
    [0, 'ASN 0 is out of range 1..4294967295'],
    [4_294_967_296, 'ASN 4294967296 is out of range 1..4294967295'],
    ['0.0', 'ASN "0.0" is 0, which is reserved (RFC 7607)'],
    ['65536.1', 'ASN "65536.1" is not valid asdot notation: both halves must be 0..65535'],
    ['1.70000', 'ASN "1.70000" is not valid asdot notation: both halves must be 0..65535'],
    ['AS65000', 'ASN "AS65000" is not a decimal integer'],
    ['1.2.3', 'ASN "1.2.3" is not a decimal integer'],
    [65_000.5, 'ASN 65000.5 is not an integer'],
  ])('rejects %j', (raw, message) => {
    expect(() => Asn.parse(raw, 'asn')).toThrow(invalid(message, 'asn'));
  });

  it('passes the field through', () => {
    expect(() => Asn.parse(0, 'spec.asn')).toThrow(expect.objectContaining({ field: 'spec.asn' }));
  });
});

describe('Asn helpers', () => {
  it.each([
    [64_511, false],
    [64_512, true],
    [65_534, true],
    [65_535, false],
    [4_199_999_999, false],
    [4_200_000_000, true],
    [4_294_967_294, true],
    [4_294_967_295, false],
  ])('isPrivate(%d) is %s', (asn, expected) => {
    expect(Asn.isPrivate(asn)).toBe(expected);
  });

  it('isFourByte and toAsdot', () => {
    expect(Asn.isFourByte(65_535)).toBe(false);
    expect(Asn.isFourByte(65_536)).toBe(true);
    expect(Asn.toAsdot(65_000 * 65_536 + 10)).toBe('65000.10');
    expect(Asn.toAsdot(65_000)).toBe('0.65000');
  });
});
