import { describe, expect, it } from 'vitest';
import { MacAddress } from './mac-address.js';

const invalid = (message: string | RegExp, field: string) =>
  expect.objectContaining({ code: 'INVALID_VALUE', message: typeof message === 'string' ? message : expect.stringMatching(message), field });

describe('MacAddress.parse', () => {
  it.each([
    ['00:1b:21:3a:4f:5c', '00:1b:21:3a:4f:5c'],
    ['00:1B:21:3A:4F:5C', '00:1b:21:3a:4f:5c'],
    ['00-1B-21-3A-4F-5C', '00:1b:21:3a:4f:5c'],
    ['001b.213a.4f5c', '00:1b:21:3a:4f:5c'],
    ['001B-213A-4F5C', '00:1b:21:3a:4f:5c'],
    ['01:00:5e:00:00:01', '01:00:5e:00:00:01'],
    ['ff:ff:ff:ff:ff:ff', 'ff:ff:ff:ff:ff:ff'],
  ])('accepts %s as %s', (raw, canonical) => {
    expect(MacAddress.parse(raw).toString()).toBe(canonical);
  });

  it.each([
    '00:1b:21:3a:4f',
    '00:1b:21:3a:4f:5c:01',
    '00:1b-21:3a:4f:5c',
    '001b.213a-4f5c',
    '001b213a4f5c',
    '00:1b:21:3a:4f:5g',
    '0:1b:21:3a:4f:5c',
    ' 00:1b:21:3a:4f:5c',
    '',
  ])('rejects the format of %j', (raw) => {
    expect(() => MacAddress.parse(raw, 'mac')).toThrow(
      invalid(
        `MAC address ${JSON.stringify(raw)} is not in a recognized format; use aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff`,
        'mac',
      ),
    );
  });

  it('rejects non-strings', () => {
    expect(() => MacAddress.parse(0x001b213a4f5c, 'mac')).toThrow(invalid(/^MAC address must be a string, got \d+$/, 'mac'));
  });

  it('always rejects the all-zero address', () => {
    expect(() => MacAddress.parse('0000.0000.0000', 'mac')).toThrow(
      invalid('MAC address 00:00:00:00:00:00 is the all-zero address, which no interface may use', 'mac'),
    );
  });

  it('rejects group addresses when unicast is required', () => {
    expect(() => MacAddress.parse('FF-FF-FF-FF-FF-FF', 'gatewayMac', { unicast: true })).toThrow(
      invalid('MAC address ff:ff:ff:ff:ff:ff is the broadcast address; a unicast address is required', 'gatewayMac'),
    );
    expect(() => MacAddress.parse('01:00:5e:00:00:01', 'gatewayMac', { unicast: true })).toThrow(
      invalid(/^MAC address 01:00:5e:00:00:01 is a multicast address \(the least significant bit/, 'gatewayMac'),
    );
    expect(() => MacAddress.parse('33:33:00:00:00:01', 'gatewayMac', { unicast: true })).toThrow(
      invalid(/is a multicast address/, 'gatewayMac'),
    );
    expect(MacAddress.parse('02:00:00:00:00:01', 'gatewayMac', { unicast: true }).toString()).toBe('02:00:00:00:00:01');
  });
});

describe('MacAddress properties', () => {
  it('classifies the I/G and U/L bits', () => {
    const burnedIn = MacAddress.parse('00:1b:21:3a:4f:5c');
    expect([burnedIn.isMulticast(), burnedIn.isBroadcast(), burnedIn.isLocallyAdministered()]).toEqual([false, false, false]);
    const local = MacAddress.parse('02:00:5e:00:00:01');
    expect(local.isLocallyAdministered()).toBe(true);
    expect(MacAddress.parse('ff:ff:ff:ff:ff:ff').isBroadcast()).toBe(true);
    expect(MacAddress.parse('ff:ff:ff:ff:ff:ff').isMulticast()).toBe(true);
  });

  it('exposes octets, equality and JSON', () => {
    expect(MacAddress.parse('001b.213a.4f5c').octets()).toEqual([0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x5c]);
    expect(MacAddress.parse('001b.213a.4f5c').equals(MacAddress.parse('00-1B-21-3A-4F-5C'))).toBe(true);
    expect(MacAddress.parse('001b.213a.4f5c').equals(MacAddress.parse('00:1b:21:3a:4f:5d'))).toBe(false);
    expect(JSON.stringify({ mac: MacAddress.parse('001b.213a.4f5c') })).toBe('{"mac":"00:1b:21:3a:4f:5c"}');
    expect(MacAddress.isValid('01:00:5e:00:00:01')).toBe(true);
    expect(MacAddress.isValid('01:00:5e:00:00:01', { unicast: true })).toBe(false);
  });
});
