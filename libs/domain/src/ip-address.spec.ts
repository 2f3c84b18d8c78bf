import { describe, expect, it } from 'vitest';
import { InvalidValueError } from './errors.js';
import { IpAddress } from './ip-address.js';

function parseError(raw: unknown, field?: string): InvalidValueError {
  try {
    IpAddress.parse(raw, field);
  } catch (err) {
    if (err instanceof InvalidValueError) return err;
    throw err;
  }
  throw new Error(`expected ${String(raw)} to be rejected`);
}

describe('IpAddress.parse', () => {
  it.each([
    ['10.1.2.3', '10.1.2.3', 4],
    ['0.0.0.0', '0.0.0.0', 4],
    ['255.255.255.255', '255.255.255.255', 4],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', 6],
    ['2001:0db8::0001', '2001:db8::1', 6],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', 6],
    ['::', '::', 6],
    ['::1', '::1', 6],
    ['fe80:0:0:0:0:0:0:0', 'fe80::', 6],
    ['2001:db8::10.0.0.1', '2001:db8::a00:1', 6],
  ])('accepts %s as %s', (raw, canonical, version) => {
    const ip = IpAddress.parse(raw);
    expect(ip.toString()).toBe(canonical);
    expect(ip.version).toBe(version);
    expect(JSON.stringify({ ip })).toBe(`{"ip":"${canonical}"}`);
  });

  it.each([
    ['010.1.1.1', /leading zero in octet "010"/],
    ['10.01.1.1', /leading zero in octet "01"/],
    ['10.1.1', /four dot-separated octets/],
    ['10.1.1.1.1', /four dot-separated octets/],
    ['10', /four dot-separated octets/],
    ['10..1.1', /empty octet/],
    ['10.1.1.256', /octet 256, which is greater than 255/],
    ['0x0a.1.1.1', /not an IPv4 or IPv6 address/],
    [' 10.1.1.1', /not an IPv4 or IPv6 address/],
    ['', /not an IPv4 or IPv6 address/],
    ['fe80::1%eth0', /zone index/],
    ['2001:db8::1::2', /not a valid IPv6 address/],
    ['1:2:3:4:5:6:7:8:9', /not a valid IPv6 address/],
    ['2001:db8::g', /not a valid IPv6 address/],
    ['::ffff:010.1.1.1', /embedded IPv4 part.*leading zero/],
  ])('rejects %j', (raw, message) => {
    const err = parseError(raw, 'address');
    expect(err.message).toMatch(message);
    expect(err.message).toContain(JSON.stringify(raw));
    expect(err.field).toBe('address');
    expect(err.code).toBe('INVALID_VALUE');
  });

  it('rejects non-strings', () => {
    expect(parseError(167772161).message).toBe('IP address must be a string, got 167772161');
    expect(parseError(undefined).message).toBe('IP address must be a string, got undefined');
  });

  it('isValid answers without throwing', () => {
    expect(IpAddress.isValid('10.0.0.1')).toBe(true);
    expect(IpAddress.isValid('10.0.0.01')).toBe(false);
  });
});

describe('IpAddress integers', () => {
  it('round-trips IPv4 through BigInt', () => {
    const ip = IpAddress.parse('10.0.1.2');
    expect(ip.toBigInt()).toBe(0x0a000102n);
    expect(IpAddress.fromBigInt(0x0a000102n, 4).toString()).toBe('10.0.1.2');
  });

  it('round-trips IPv6 through BigInt in RFC 5952 form', () => {
    const ip = IpAddress.parse('2001:db8::1');
    expect(ip.toBigInt()).toBe(0x20010db8000000000000000000000001n);
    expect(IpAddress.fromBigInt(0x20010db8000000000000000000000001n, 6).toString()).toBe('2001:db8::1');
    expect(IpAddress.fromBigInt((1n << 128n) - 1n, 6).toString()).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
  });

  it('rejects integers that do not fit the version', () => {
    expect(() => IpAddress.fromBigInt(1n << 32n, 4)).toThrow(/does not fit in an IPv4 address/);
    expect(() => IpAddress.fromBigInt(-1n, 6)).toThrow(InvalidValueError);
  });
});

describe('IpAddress comparison', () => {
  it('equals compares value and version, not spelling', () => {
    expect(IpAddress.parse('2001:DB8::1').equals(IpAddress.parse('2001:db8:0::1'))).toBe(true);
    expect(IpAddress.parse('10.0.0.1').equals(IpAddress.parse('10.0.0.2'))).toBe(false);
    // ::a00:1 and 10.0.0.1 share an integer value but not a version.
    expect(IpAddress.parse('::a00:1').equals(IpAddress.parse('10.0.0.1'))).toBe(false);
  });

  it('compare sorts IPv4 before IPv6, then numerically', () => {
    const sorted = ['2001:db8::1', '10.0.0.10', '10.0.0.9', '::1']
      .map((s) => IpAddress.parse(s))
      .sort(IpAddress.compare)
      .map(String);
    expect(sorted).toEqual(['10.0.0.9', '10.0.0.10', '::1', '2001:db8::1']);
  });
});
