import { describe, expect, it } from 'vitest';
import { routeTargetFor } from './route-target-for.js';

describe('routeTargetFor', () => {
  it('derives ASN:VNI for a 2-byte ASN, any VNI', () => {
    expect(routeTargetFor(65_000, 10_100)).toBe('65000:10100');
    expect(routeTargetFor(65_535, 16_777_214)).toBe('65535:16777214');
  });

  it('derives ASN:VNI for a 4-byte ASN while the VNI fits in 16 bits', () => {
    expect(routeTargetFor(4_200_000_000, 65_535)).toBe('4200000000:65535');
    expect(routeTargetFor(65_536, 1)).toBe('65536:1');
  });

  it('refuses a 4-byte ASN with a VNI above 65535 and asks for an explicit route target', () => {
    expect(() => routeTargetFor(4_200_000_000, 65_536)).toThrow(
      expect.objectContaining({
        code: 'INVALID_VALUE',
        field: 'routeTarget',
        message:
          'cannot derive a route target for VNI 65536 from 4-byte ASN 4200000000: a type-2 route target holds only 0..65535; set the route target explicitly',
      }),
    );
  });

  it('validates its inputs', () => {
    expect(() => routeTargetFor(0, 100)).toThrow(expect.objectContaining({ code: 'INVALID_VALUE', field: 'asn' }));
    expect(() => routeTargetFor(65_000, 16_777_215)).toThrow(expect.objectContaining({ code: 'INVALID_VALUE', field: 'vni' }));
  });
});
