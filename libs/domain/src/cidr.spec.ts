import { describe, expect, it } from 'vitest';
import { Cidr } from './cidr.js';
import { InvalidValueError } from './errors.js';
import { IpAddress } from './ip-address.js';

const c = (s: string) => Cidr.parse(s);
const hosts = (s: string) => [c(s).firstHost().toString(), c(s).lastHost().toString()];

function parseError(raw: unknown): InvalidValueError {
  try {
    Cidr.parse(raw, 'cidr');
  } catch (err) {
    if (err instanceof InvalidValueError) return err;
    throw err;
  }
  throw new Error(`expected ${String(raw)} to be rejected`);
}

describe('Cidr.parse', () => {
  it.each([
    ['10.0.0.0/24', '10.0.0.0/24', 4, 24],
    ['0.0.0.0/0', '0.0.0.0/0', 4, 0],
    ['10.0.0.5/32', '10.0.0.5/32', 4, 32],
    ['2001:DB8:0::/32', '2001:db8::/32', 6, 32],
    ['2001:db8::/064', '2001:db8::/64', 6, 64],
    ['::/0', '::/0', 6, 0],
  ])('accepts %s as %s', (raw, canonical, version, prefixLength) => {
    const cidr = c(raw);
    expect(cidr.toString()).toBe(canonical);
    expect(cidr.version).toBe(version);
    expect(cidr.prefixLength).toBe(prefixLength);
    expect(cidr.network).toBeInstanceOf(IpAddress);
  });

  it('rejects host bits with a suggestion', () => {
    const err = parseError('10.0.0.5/24');
    expect(err.message).toBe('10.0.0.5/24 has host bits set; did you mean 10.0.0.0/24?');
    expect(err.field).toBe('cidr');
    expect(err.detail).toEqual({ suggestion: '10.0.0.0/24' });
    expect(parseError('2001:db8::1/64').message).toBe('2001:db8::1/64 has host bits set; did you mean 2001:db8::/64?');
  });

  it.each([
    ['10.0.0.0', /has no prefix length.*10\.0\.0\.0\/32/],
    ['2001:db8::', /has no prefix length.*2001:db8::\/128/],
    ['10.0.0.0/24/8', /more than one "\/"/],
    ['10.0.0.0/33', /prefix length 33; IPv4 allows 0\.\.32/],
    ['2001:db8::/129', /prefix length 129; IPv6 allows 0\.\.128/],
    ['10.0.0.0/', /prefix length "", which is not a number 0\.\.32/],
    ['10.0.0.0/-1', /prefix length "-1"/],
    ['10.0.0.0/2a', /prefix length "2a"/],
    ['10.0.0.256/24', /^CIDR "10\.0\.0\.256\/24": IP address "10\.0\.0\.256" has octet 256/],
    ['010.0.0.0/8', /leading zero/],
  ])('rejects %j', (raw, message) => {
    expect(parseError(raw).message).toMatch(message);
  });

  it('rejects non-strings', () => {
    expect(parseError(24).message).toBe('CIDR must be a string, got 24');
  });
});

describe('Cidr geometry', () => {
  it('reports size as a BigInt', () => {
    expect(c('10.0.0.0/24').size).toBe(256n);
    expect(c('10.0.0.1/32').size).toBe(1n);
    expect(c('2001:db8::/64').size).toBe(1n << 64n);
  });

  it('contains addresses of its own version only', () => {
    const net = c('10.0.0.0/24');
    expect(net.contains('10.0.0.0')).toBe(true);
    expect(net.contains(IpAddress.parse('10.0.0.255'))).toBe(true);
    expect(net.contains('10.0.1.0')).toBe(false);
    expect(net.contains('::a00:1')).toBe(false);
    expect(c('2001:db8::/64').contains('2001:DB8::ffff')).toBe(true);
    expect(() => net.contains('10.0.0.300')).toThrow(InvalidValueError);
  });

  it('containsCidr and overlaps', () => {
    const net = c('10.0.0.0/16');
    expect(net.containsCidr('10.0.5.0/24')).toBe(true);
    expect(net.containsCidr(net)).toBe(true);
    expect(net.containsCidr('10.0.0.0/8')).toBe(false);
    expect(net.overlaps('10.0.0.0/8')).toBe(true);
    expect(net.overlaps('10.0.255.0/24')).toBe(true);
    expect(net.overlaps('10.1.0.0/16')).toBe(false);
    expect(c('0.0.0.0/0').overlaps('::/0')).toBe(false);
    expect(c('::/0').containsCidr('0.0.0.0/0')).toBe(false);
  });

  it('overlapsAny returns the first overlapping block', () => {
    const list = [c('10.1.0.0/16'), c('10.0.4.0/22'), c('10.0.0.0/8')];
    expect(Cidr.overlapsAny(c('10.0.5.0/24'), list)?.toString()).toBe('10.0.4.0/22');
    expect(Cidr.overlapsAny(c('192.168.0.0/24'), list)).toBeUndefined();
  });

  it.each([
    ['10.0.0.0/24', '10.0.0.1', '10.0.0.254'],
    ['10.0.0.0/30', '10.0.0.1', '10.0.0.2'],
    ['10.0.0.0/31', '10.0.0.0', '10.0.0.1'],
    ['10.0.0.7/32', '10.0.0.7', '10.0.0.7'],
    ['2001:db8::/64', '2001:db8::1', '2001:db8::ffff:ffff:ffff:ffff'],
    ['2001:db8::/127', '2001:db8::', '2001:db8::1'],
    ['2001:db8::5/128', '2001:db8::5', '2001:db8::5'],
  ])('usable hosts of %s are %s..%s', (cidr, first, last) => {
    expect(hosts(cidr)).toEqual([first, last]);
  });

  it('hostAt indexes from the network address, negative from the end', () => {
    const net = c('10.0.0.0/24');
    expect(net.hostAt(0n).toString()).toBe('10.0.0.0');
    expect(net.hostAt(10n).toString()).toBe('10.0.0.10');
    expect(net.hostAt(-1n).toString()).toBe('10.0.0.255');
    expect(net.hostAt(-2n).toString()).toBe('10.0.0.254');
    expect(c('2001:db8::/64').hostAt(0x100n).toString()).toBe('2001:db8::100');
    expect(() => net.hostAt(256n)).toThrow('offset 256 is outside 10.0.0.0/24 (256 addresses)');
    expect(() => net.hostAt(-257n)).toThrow(InvalidValueError);
  });

  it('subnets carves aligned blocks lazily', () => {
    expect([...c('10.0.0.0/22').subnets(24)].map(String)).toEqual([
      '10.0.0.0/24',
      '10.0.1.0/24',
      '10.0.2.0/24',
      '10.0.3.0/24',
    ]);
    expect([...c('10.0.0.0/24').subnets(24)].map(String)).toEqual(['10.0.0.0/24']);
    const first = c('2001:db8::/32').subnets(64).next().value;
    expect(first?.toString()).toBe('2001:db8::/64');
    expect(() => c('10.0.0.0/24').subnets(23).next()).toThrow(/must be 24\.\.32/);
    expect(() => c('10.0.0.0/24').subnets(33).next()).toThrow(InvalidValueError);
  });

  it('fromBigInt refuses unaligned starts', () => {
    expect(Cidr.fromBigInt(0x0a000100n, 24, 4).toString()).toBe('10.0.1.0/24');
    expect(() => Cidr.fromBigInt(0x0a000101n, 24, 4)).toThrow('10.0.1.1/24 has host bits set');
    expect(() => Cidr.fromBigInt(0n, 33, 4)).toThrow(InvalidValueError);
  });

  it('equals compares network and length', () => {
    expect(c('2001:DB8::/32').equals(c('2001:db8::/32'))).toBe(true);
    expect(c('10.0.0.0/24').equals(c('10.0.0.0/25'))).toBe(false);
    expect(JSON.stringify([c('10.0.0.0/8')])).toBe('["10.0.0.0/8"]');
  });
});
