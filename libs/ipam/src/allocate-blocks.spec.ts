import { Cidr } from '#domain';
import { describe, expect, it } from 'vitest';
import { allocateBlocks } from './allocate-blocks.js';

const c = (s: string) => Cidr.parse(s);
const blocks = (parent: string, length: number, taken: string[], count: number) =>
  allocateBlocks(c(parent), length, taken.map(c), count).map(String);

describe('allocateBlocks', () => {
  it('returns the lowest aligned blocks of an empty parent', () => {
    expect(blocks('10.0.0.0/16', 24, [], 3)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
  });

  it('skips blocks that overlap anything taken, of any size', () => {
    expect(blocks('10.0.0.0/16', 24, ['10.0.0.0/24', '10.0.1.128/25', '10.0.3.7/32'], 3)).toEqual([
      '10.0.2.0/24',
      '10.0.4.0/24',
      '10.0.5.0/24',
    ]);
  });

  it('jumps past a large taken block to the next aligned boundary', () => {
    expect(blocks('10.0.0.0/8', 24, ['10.0.0.0/9', '10.128.0.5/32'], 2)).toEqual(['10.128.1.0/24', '10.128.2.0/24']);
  });

  it('is not confused by taken blocks that contain the parent, lie outside it or are IPv6', () => {
    expect(() => blocks('10.0.0.0/16', 24, ['10.0.0.0/8'], 1)).toThrow(expect.objectContaining({ code: 'EXHAUSTED' }));
    expect(blocks('10.0.0.0/16', 24, ['10.1.0.0/16', '::/0', '9.255.255.255/32'], 1)).toEqual(['10.0.0.0/24']);
  });

  it('returns the parent itself for a block of the same length', () => {
    expect(blocks('10.0.0.0/24', 24, [], 1)).toEqual(['10.0.0.0/24']);
  });

  it('returns nothing for count 0', () => {
    expect(blocks('10.0.0.0/24', 26, [], 0)).toEqual([]);
  });

  it('carves IPv6 blocks', () => {
    expect(blocks('2001:db8::/48', 64, ['2001:db8::/63'], 2)).toEqual(['2001:db8:0:2::/64', '2001:db8:0:3::/64']);
    expect(blocks('2001:db8::/127', 128, [], 2)).toEqual(['2001:db8::/128', '2001:db8::1/128']);
  });

  it('throws ExhaustedError saying how many are left', () => {
    expect(() => blocks('10.0.0.0/24', 26, ['10.0.0.64/26'], 4)).toThrow(
      expect.objectContaining({
        code: 'EXHAUSTED',
        message: 'only 3 free /26 block(s) left in 10.0.0.0/24; 4 requested',
        detail: { parent: '10.0.0.0/24', blockPrefixLength: 26, requested: 4, available: 3 },
      }),
    );
  });

  it.each([
    [23, 'block prefix length /23 does not fit in 10.0.0.0/24: it must be 24..32'],
    [33, 'block prefix length /33 does not fit in 10.0.0.0/24: it must be 24..32'],
    [24.5, 'block prefix length /24.5 does not fit in 10.0.0.0/24: it must be 24..32'],
  ])('rejects block prefix length %d', (length, message) => {
    expect(() => blocks('10.0.0.0/24', length, [], 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_VALUE', message, field: 'blockPrefixLength' }),
    );
  });

  it('rejects a length beyond 128 for IPv6', () => {
    expect(() => blocks('2001:db8::/64', 129, [], 1)).toThrow(expect.objectContaining({ code: 'INVALID_VALUE' }));
  });

  it('rejects a negative count', () => {
    expect(() => blocks('10.0.0.0/24', 26, [], -1)).toThrow(expect.objectContaining({ code: 'INVALID_VALUE', field: 'count' }));
  });

  it('finds the free blocks after 50,000 scattered taken ones', () => {
    // Every /28 of 10.0.0.0/12 has one taken /32 in it, except /28 number 40,000 and the ones after 50,000.
    const parent = c('10.0.0.0/12');
    const taken: Cidr[] = [];
    for (let i = 0n; i <= 50_000n; i++) if (i !== 40_000n) taken.push(Cidr.fromBigInt(parent.start + i * 16n + 7n, 32, 4));
    expect(taken).toHaveLength(50_000);
    const found = allocateBlocks(parent, 28, taken.reverse(), 2).map(String);
    expect(found).toEqual([
      Cidr.fromBigInt(parent.start + 40_000n * 16n, 28, 4).toString(),
      Cidr.fromBigInt(parent.start + 50_001n * 16n, 28, 4).toString(),
    ]);
  });
});
