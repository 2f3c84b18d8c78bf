import { Cidr } from '#domain';
import { describe, expect, it } from 'vitest';
import { allocateIp } from './allocate-ip.js';

const c = (s: string) => Cidr.parse(s);
const next = (subnet: string, used: string[], within?: string[]) =>
  allocateIp(c(subnet), used, within ? { within: within.map(c) } : {}).toString();

describe('allocateIp', () => {
  it('skips the IPv4 network address', () => {
    expect(next('10.0.0.0/24', [])).toBe('10.0.0.1');
  });

  it('returns the lowest free host', () => {
    expect(next('10.0.0.0/24', ['10.0.0.1', '10.0.0.3', '10.0.0.2', '10.0.0.5'])).toBe('10.0.0.4');
  });

  it('never hands out the IPv4 broadcast address', () => {
    const used = Array.from({ length: 253 }, (_, i) => `10.0.0.${i + 1}`);
    expect(next('10.0.0.0/24', used)).toBe('10.0.0.254');
    expect(() => next('10.0.0.0/24', [...used, '10.0.0.254'])).toThrow(
      expect.objectContaining({ code: 'EXHAUSTED', message: 'no free IP address left in 10.0.0.0/24' }),
    );
  });

  it('uses both addresses of a /31', () => {
    expect(next('10.0.0.0/31', [])).toBe('10.0.0.0');
    expect(next('10.0.0.0/31', ['10.0.0.0'])).toBe('10.0.0.1');
  });

  it('ignores used addresses of the other version or outside the subnet', () => {
    expect(next('10.0.0.0/24', ['10.0.1.1', '::a00:1', '10.0.0.0'])).toBe('10.0.0.1');
  });

  it('accepts used addresses with a prefix length, as PostgreSQL prints inet', () => {
    expect(next('10.0.0.0/24', ['10.0.0.1/24', '10.0.0.2/32'])).toBe('10.0.0.3');
  });

  it('throws on a used value that is not an address rather than risk a duplicate', () => {
    expect(() => next('10.0.0.0/24', ['10.0.0.01'])).toThrow(expect.objectContaining({ code: 'INVALID_VALUE', field: 'used' }));
  });

  it('allocates IPv6, skipping the subnet-router anycast address and canonicalizing used', () => {
    expect(next('2001:db8:1::/64', [])).toBe('2001:db8:1::1');
    expect(next('2001:db8:1::/64', ['2001:DB8:1:0:0:0:0:1', '2001:0db8:0001::0002'])).toBe('2001:db8:1::3');
    expect(next('2001:db8:1::/127', ['2001:db8:1::'])).toBe('2001:db8:1::1');
  });

  describe('within per-node blocks', () => {
    it('allocates only inside the blocks, lowest block first', () => {
      expect(next('10.0.0.0/16', [], ['10.0.8.0/24', '10.0.4.0/24'])).toBe('10.0.4.0');
    });

    it('moves to the next block when one is full', () => {
      const full = Array.from({ length: 4 }, (_, i) => `10.0.4.${i}`);
      expect(next('10.0.0.0/16', full, ['10.0.4.0/30', '10.0.8.0/30'])).toBe('10.0.8.0');
    });

    it('still excludes the subnet network and broadcast addresses', () => {
      expect(next('10.0.0.0/24', [], ['10.0.0.0/30'])).toBe('10.0.0.1');
      expect(next('10.0.0.0/24', ['10.0.0.252', '10.0.0.253', '10.0.0.254'], ['10.0.0.252/30', '10.0.0.0/8'])).toBe(
        '10.0.0.1',
      );
      expect(() => next('10.0.0.0/24', ['10.0.0.252', '10.0.0.253', '10.0.0.254'], ['10.0.0.252/30'])).toThrow(
        expect.objectContaining({ code: 'EXHAUSTED', message: 'no free IP address left in 10.0.0.0/24 within 10.0.0.252/30' }),
      );
    });

    it('merges overlapping blocks', () => {
      expect(next('10.0.0.0/24', ['10.0.0.16', '10.0.0.17'], ['10.0.0.16/28', '10.0.0.16/31'])).toBe('10.0.0.18');
    });

    it('treats blocks outside the subnet or of the other version as nothing', () => {
      expect(() => next('10.0.0.0/24', [], ['10.0.1.0/24', '2001:db8::/64'])).toThrow(
        expect.objectContaining({ code: 'EXHAUSTED' }),
      );
      expect(() => next('10.0.0.0/24', [], [])).toThrow(
        expect.objectContaining({ code: 'EXHAUSTED', message: 'no free IP address left in 10.0.0.0/24 within no ranges' }),
      );
    });
  });

  it('finds the right address in a /16 with 50,000 used', () => {
    const subnet = c('10.20.0.0/16');
    const used: string[] = [];
    for (let i = 1n; i <= 50_001n; i++) if (i !== 40_000n) used.push(subnet.hostAt(i).toString());
    used.reverse();
    expect(used).toHaveLength(50_000);
    expect(allocateIp(subnet, used).toString()).toBe(subnet.hostAt(40_000n).toString());
    expect(allocateIp(subnet, [...used, subnet.hostAt(40_000n).toString()]).toString()).toBe('10.20.195.82');
  });

  it('finds the right address in a node block of an IPv6 /64 with 50,000 used', () => {
    const subnet = c('2001:db8:0:1::/64');
    const block = c('2001:db8:0:1:0:1::/96');
    const used: string[] = [];
    for (let i = 0n; i < 50_000n; i++) used.push(block.hostAt(i).toString().toUpperCase());
    expect(allocateIp(subnet, used, { within: [block] }).toString()).toBe('2001:db8:0:1:0:1:0:c350');
  });

  it('moves to the next block when the first is full, even when the addresses between them are used', () => {
    // A node owns .0/28 and .32/28; .16/28 (another node's) is full, and .32/.33 are taken.
    const subnet = Cidr.parse('10.1.1.0/24');
    const used = Array.from({ length: 33 }, (_, i) => `10.1.1.${i + 1}`);
    const within = [Cidr.parse('10.1.1.0/28'), Cidr.parse('10.1.1.32/28')];
    expect(allocateIp(subnet, used, { within }).toString()).toBe('10.1.1.34');
  });
});
