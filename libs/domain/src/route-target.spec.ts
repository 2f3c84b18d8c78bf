import { describe, expect, it } from 'vitest';
import { RouteTarget } from './route-target.js';

/** Matches an InvalidValueError by code, exact message and field (toThrow(instance) would also compare detail). */
const invalid = (message: string, field: string) => expect.objectContaining({ code: 'INVALID_VALUE', message, field });

// The encodings are shared with RouteDistinguisher (rfc4364-value.ts, covered in depth there);
// these cases pin the route-target wording and each type.
describe('RouteTarget.parse', () => {
  it.each([
    ['65000:10100', 0, '65000:10100'],
    ['10.0.0.1:7', 1, '10.0.0.1:7'],
    ['4200000000:100', 2, '4200000000:100'],
    ['64086.59904:100', 2, '4200000000:100'],
  ])('accepts %s as type %d', (raw, type, canonical) => {
    const rt = RouteTarget.parse(raw);
    expect(rt.type).toBe(type);
    expect(rt.toString()).toBe(canonical);
  });

  it.each([
    ['0:0', 'route target "0:0" has administrator ASN 0, which is reserved (RFC 7607)'],
    [
      '4200000000:70000',
      'route target "4200000000:70000" has assigned number 70000; with a 4-byte ASN administrator (type 2) it must be 0..65535',
    ],
    ['target:65000:1', 'route target "target:65000:1" must be administrator:number, e.g. 65000:100, 10.0.0.1:100 or 4200000000:100'],
  ])('rejects %j', (raw, message) => {
    expect(() => RouteTarget.parse(raw, 'rt')).toThrow(invalid(message, 'rt'));
  });
});
