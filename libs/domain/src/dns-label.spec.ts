import { describe, expect, it } from 'vitest';
import { DNS_LABEL_MAX_LENGTH, DnsLabel } from './dns-label.js';

const invalid = (message: string, field: string) => expect.objectContaining({ code: 'INVALID_VALUE', message, field });

describe('DnsLabel.parse', () => {
  it.each(['a', 'web', 'tenant-a', 'leaf01', '0', '9a', 'a-b-c', 'a'.repeat(DNS_LABEL_MAX_LENGTH)])('accepts %j', (raw) => {
    expect(DnsLabel.parse(raw)).toBe(raw);
  });

  it.each([
    ['', 'name must not be empty'],
    ['a'.repeat(64), `name "${'a'.repeat(64)}" is 64 characters long; the limit is 63`],
    ['Web', 'name "Web" contains uppercase "W"; only lowercase letters are allowed'],
    ['tenant_a', 'name "tenant_a" contains "_" at position 7; only a-z, 0-9 and "-" are allowed'],
    ['a.b', 'name "a.b" contains "." at position 2; only a-z, 0-9 and "-" are allowed'],
    ['a b', 'name "a b" contains " " at position 2; only a-z, 0-9 and "-" are allowed'],
    ['café', 'name "café" contains "é" at position 4; only a-z, 0-9 and "-" are allowed'],
    ['-web', 'name "-web" starts with "-"; it must start with a letter or digit'],
    ['web-', 'name "web-" ends with "-"; it must end with a letter or digit'],
    ['-', 'name "-" starts with "-"; it must start with a letter or digit'],
    [42, 'name must be a string, got 42'],
  ])('rejects %j', (raw, message) => {
    expect(() => DnsLabel.parse(raw, 'name')).toThrow(invalid(message, 'name'));
  });

  it('isValid answers without throwing', () => {
    expect(DnsLabel.isValid('web')).toBe(true);
    expect(DnsLabel.isValid('Web')).toBe(false);
  });
});
