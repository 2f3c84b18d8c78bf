import { describe, expect, it } from 'vitest';
import { routeDistinguisherFor } from './route-distinguisher-for.js';

describe('routeDistinguisherFor', () => {
  it('builds a type-1 RD from a router ID', () => {
    expect(routeDistinguisherFor('10.0.0.11', 3)).toBe('10.0.0.11:3');
    expect(routeDistinguisherFor('10.0.0.11', 65_535)).toBe('10.0.0.11:65535');
  });

  it('builds a type-0 RD from a 2-byte ASN, with a 32-bit index', () => {
    expect(routeDistinguisherFor(65_000, 10_100)).toBe('65000:10100');
    expect(routeDistinguisherFor('65000', 100_000)).toBe('65000:100000');
  });

  it('builds a type-2 RD from a 4-byte ASN, in asplain or asdot', () => {
    expect(routeDistinguisherFor(4_200_000_000, 7)).toBe('4200000000:7');
    expect(routeDistinguisherFor('1.10', 7)).toBe('65546:7');
  });

  it('refuses an index that does not fit instead of truncating it', () => {
    expect(() => routeDistinguisherFor('10.0.0.11', 65_536)).toThrow(
      expect.objectContaining({ code: 'INVALID_VALUE', message: expect.stringContaining('(type 1) it must be 0..65535') }),
    );
    expect(() => routeDistinguisherFor(4_200_000_000, 65_536)).toThrow(
      expect.objectContaining({ code: 'INVALID_VALUE', message: expect.stringContaining('(type 2) it must be 0..65535') }),
    );
    expect(() => routeDistinguisherFor(65_000, -1)).toThrow(expect.objectContaining({ code: 'INVALID_VALUE', field: 'index' }));
  });

  it('rejects an invalid router ID or ASN', () => {
    expect(() => routeDistinguisherFor('10.0.0.256', 1)).toThrow(expect.objectContaining({ field: 'routerId' }));
    expect(() => routeDistinguisherFor('0.0.0.0', 1)).toThrow(expect.objectContaining({ code: 'INVALID_VALUE' }));
    expect(() => routeDistinguisherFor(0, 1)).toThrow(expect.objectContaining({ field: 'asn' }));
    expect(() => routeDistinguisherFor('2001:db8::1', 1)).toThrow(expect.objectContaining({ field: 'asn' }));
  });
});
