import { describe, expect, it } from 'vitest';
import { RouteDistinguisher } from './route-distinguisher.js';

/** Matches an InvalidValueError by code, exact message and field (toThrow(instance) would also compare detail). */
const invalid = (message: string, field: string) => expect.objectContaining({ code: 'INVALID_VALUE', message, field });

describe('RouteDistinguisher.parse', () => {
  it.each([
    ['65000:100', 0, '65000', 100, '65000:100'],
    ['65535:4294967295', 0, '65535', 4_294_967_295, '65535:4294967295'],
    ['1:0', 0, '1', 0, '1:0'],
    ['065000:0100', 0, '65000', 100, '65000:100'],
    ['10.0.0.1:100', 1, '10.0.0.1', 100, '10.0.0.1:100'],
    ['10.0.0.1:65535', 1, '10.0.0.1', 65_535, '10.0.0.1:65535'],
    ['4200000000:100', 2, '4200000000', 100, '4200000000:100'],
    ['65536:65535', 2, '65536', 65_535, '65536:65535'],
    ['1.10:5', 2, '65546', 5, '65546:5'],
  ])('accepts %s', (raw, type, administrator, assignedNumber, canonical) => {
    const rd = RouteDistinguisher.parse(raw);
    expect(rd.type).toBe(type);
    expect(rd.administrator).toBe(administrator);
    expect(rd.assignedNumber).toBe(assignedNumber);
    expect(rd.toString()).toBe(canonical);
    expect(JSON.stringify(rd)).toBe(JSON.stringify(canonical));
  });

  it.each([
    ['0:0', 'route distinguisher "0:0" has administrator ASN 0, which is reserved (RFC 7607)'],
    ['0:100', 'route distinguisher "0:100" has administrator ASN 0, which is reserved (RFC 7607)'],
    ['0.0.0.0:1', 'route distinguisher "0.0.0.0:1" has administrator 0.0.0.0, which identifies no router'],
    [
      '65000:4294967296',
      'route distinguisher "65000:4294967296" has assigned number 4294967296; with a 2-byte ASN administrator (type 0) it must be 0..4294967295',
    ],
    [
      '10.0.0.1:65536',
      'route distinguisher "10.0.0.1:65536" has assigned number 65536; with an IPv4 administrator (type 1) it must be 0..65535',
    ],
    [
      '4200000000:65536',
      'route distinguisher "4200000000:65536" has assigned number 65536; with a 4-byte ASN administrator (type 2) it must be 0..65535',
    ],
    ['4294967296:1', 'route distinguisher "4294967296:1": ASN 4294967296 is out of range 1..4294967295'],
    ['10.0.0.256:1', 'route distinguisher "10.0.0.256:1": IP address "10.0.0.256" has octet 256, which is greater than 255'],
    ['65000', 'route distinguisher "65000" must be administrator:number, e.g. 65000:100, 10.0.0.1:100 or 4200000000:100'],
    ['65000:', 'route distinguisher "65000:" must be administrator:number, e.g. 65000:100, 10.0.0.1:100 or 4200000000:100'],
    ['1:2:3', 'route distinguisher "1:2:3" must be administrator:number, e.g. 65000:100, 10.0.0.1:100 or 4200000000:100'],
    ['AS65000:1', 'route distinguisher "AS65000:1" has administrator "AS65000", which is neither an ASN nor an IPv4 address'],
    ['65000:-1', 'route distinguisher "65000:-1" has assigned number "-1", which is not a decimal integer'],
    [65_000, 'route distinguisher must be a string, got 65000'],
  ])('rejects %j', (raw, message) => {
    expect(() => RouteDistinguisher.parse(raw, 'rd')).toThrow(invalid(message, 'rd'));
  });

  it('reports the caller field', () => {
    expect(() => RouteDistinguisher.parse('0:0', 'spec.rd')).toThrow(expect.objectContaining({ field: 'spec.rd' }));
    expect(() => RouteDistinguisher.parse('1.2.3.400:1', 'spec.rd')).toThrow(
      expect.objectContaining({ field: 'spec.rd' }),
    );
  });

  it('equals compares canonical forms', () => {
    expect(RouteDistinguisher.parse('065000:01').equals(RouteDistinguisher.parse('65000:1'))).toBe(true);
    expect(RouteDistinguisher.parse('65000:1').equals(RouteDistinguisher.parse('65000:2'))).toBe(false);
    expect(RouteDistinguisher.isValid('65000:1')).toBe(true);
    expect(RouteDistinguisher.isValid('0:0')).toBe(false);
  });
});
