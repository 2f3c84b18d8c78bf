import { describe, expect, it } from 'vitest';
import { formatRfc4364, parseRfc4364Value } from './rfc4364-value.js';

// The boundary between type 0 and type 2 is decided by the ASN alone, so the same assigned number
// is legal on one side of 65535/65536 and not on the other.
describe('parseRfc4364Value type boundaries', () => {
  it('puts ASN 65535 in type 0 and ASN 65536 in type 2', () => {
    expect(parseRfc4364Value('65535:100000', 'x')).toEqual({ type: 0, administrator: '65535', assignedNumber: 100_000 });
    expect(() => parseRfc4364Value('65536:100000', 'x')).toThrow(/type 2\) it must be 0\.\.65535/);
  });

  it('uses the label given by the caller', () => {
    expect(() => parseRfc4364Value('x', 'import route target', 'f')).toThrow(/^import route target "x" must be/);
  });

  it('formats administrator:number', () => {
    expect(formatRfc4364({ type: 1, administrator: '192.0.2.1', assignedNumber: 3 })).toBe('192.0.2.1:3');
  });
});
