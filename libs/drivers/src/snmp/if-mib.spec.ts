import { describe, expect, it } from 'vitest';
import { counter64Buffer, counter64Value, wrap32 } from './if-mib.js';

describe('IF-MIB value conversions', () => {
  it('carries Counter64 as 8 big-endian bytes, modulo 2^64', () => {
    expect(counter64Buffer(0n).toString('hex')).toBe('0000000000000000');
    expect(counter64Buffer(2n ** 32n + 5n).toString('hex')).toBe('0000000100000005');
    expect(counter64Buffer(2n ** 64n - 1n).toString('hex')).toBe('ffffffffffffffff');
    expect(counter64Buffer(2n ** 64n + 3n).toString('hex')).toBe('0000000000000003');
  });

  it('reads received Counter64 content octets of any length up to 9 (a leading 0x00 for the top bit)', () => {
    expect(counter64Value(Buffer.from('00ffffffffffffffff', 'hex'))).toBe(2n ** 64n - 1n);
    expect(counter64Value(Buffer.from('0100000005', 'hex'))).toBe(2n ** 32n + 5n);
    expect(counter64Value(Buffer.alloc(0))).toBe(0n);
    expect(counter64Value(counter64Buffer(123456789012345n))).toBe(123456789012345n);
    expect(counter64Value(Buffer.alloc(10))).toBeUndefined();
    expect(counter64Value('12')).toBeUndefined();
    expect(counter64Value(-1)).toBeUndefined();
  });

  it('wraps 64-bit counters into Counter32', () => {
    expect(wrap32(2n ** 32n + 5n)).toBe(5);
    expect(wrap32(2n ** 32n - 1n)).toBe(4_294_967_295);
  });
});
