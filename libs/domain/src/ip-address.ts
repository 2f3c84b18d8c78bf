import ipaddr from 'ipaddr.js';
import { InvalidValueError } from './errors.js';
import { showValue } from './value-message.js';

export type IpVersion = 4 | 6;

/** Address width in bits per IP version. */
export const IP_BITS: Readonly<Record<IpVersion, number>> = { 4: 32, 6: 128 };

// One octet 0..255 written without leading zeros. ipaddr.js (like inet_aton) also accepts hex,
// octal and shorthand forms ("10.1", "0x0a.1.1.1"); an operator typing 010.1.1.1 almost certainly
// did not mean 8.1.1.1, so only the plain dotted quad is allowed.
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)';
const STRICT_IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/**
 * An IPv4 or IPv6 address in canonical form: dotted quad, or RFC 5952 (lowercase, longest zero
 * run compressed). Holding the canonical text means two addresses are equal iff their strings
 * are, which is what uniqueness checks in the database rely on.
 */
export class IpAddress {
  private constructor(
    readonly version: IpVersion,
    private readonly value: bigint,
    private readonly text: string,
  ) {}

  static parse(raw: unknown, field?: string): IpAddress {
    if (typeof raw !== 'string') {
      throw new InvalidValueError(`IP address must be a string, got ${showValue(raw)}`, field);
    }
    if (raw.includes(':')) return IpAddress.parseV6(raw, field);
    if (STRICT_IPV4.test(raw)) {
      const octets = raw.split('.').map(Number);
      return IpAddress.fromBigInt(octetsToBigInt(octets), 4);
    }
    throw new InvalidValueError(explainBadIpv4(raw), field);
  }

  /** True when parse would succeed; for validators that only need a yes or no. */
  static isValid(raw: unknown): boolean {
    try {
      IpAddress.parse(raw);
      return true;
    } catch {
      return false;
    }
  }

  static fromBigInt(value: bigint, version: IpVersion): IpAddress {
    const bits = IP_BITS[version];
    if (bits === undefined) throw new InvalidValueError(`IP version ${showValue(version)} is not 4 or 6`);
    if (value < 0n || value >> BigInt(bits) !== 0n) {
      throw new InvalidValueError(`${value} does not fit in an IPv${version} address`);
    }
    const text =
      version === 4
        ? [24n, 16n, 8n, 0n].map((shift) => Number((value >> shift) & 0xffn)).join('.')
        : new ipaddr.IPv6(
            Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn)),
          ).toRFC5952String();
    return new IpAddress(version, value, text);
  }

  /** Orders IPv4 before IPv6, then numerically; for Array.prototype.sort. */
  static compare(a: IpAddress, b: IpAddress): number {
    if (a.version !== b.version) return a.version - b.version;
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  }

  toBigInt(): bigint {
    return this.value;
  }

  equals(other: IpAddress): boolean {
    return this.version === other.version && this.value === other.value;
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }

  private static parseV6(raw: string, field?: string): IpAddress {
    if (raw.includes('%')) {
      throw new InvalidValueError(
        `IP address ${showValue(raw)} has a zone index (%...); zone indexes are local to one host and cannot be configured on a fabric`,
        field,
      );
    }
    // ipaddr.js reads an embedded IPv4 tail ("::ffff:010.1.1.1") leniently; hold it to the same
    // strict dotted-quad rule as a plain IPv4 address.
    const tail = raw.slice(raw.lastIndexOf(':') + 1);
    if (tail.includes('.') && !STRICT_IPV4.test(tail)) {
      throw new InvalidValueError(
        `IP address ${showValue(raw)} has an invalid embedded IPv4 part: ${explainBadIpv4(tail)}`,
        field,
      );
    }
    if (!ipaddr.IPv6.isValid(raw)) {
      throw new InvalidValueError(`IP address ${showValue(raw)} is not a valid IPv6 address`, field);
    }
    const parts = ipaddr.IPv6.parse(raw).parts;
    const value = parts.reduce((acc, part) => (acc << 16n) | BigInt(part), 0n);
    return IpAddress.fromBigInt(value, 6);
  }
}

function octetsToBigInt(octets: number[]): bigint {
  return octets.reduce((acc, octet) => (acc << 8n) | BigInt(octet), 0n);
}

/** Names the first broken rule of a would-be dotted quad, so the operator knows what to fix. */
function explainBadIpv4(raw: string): string {
  const shown = showValue(raw);
  if (!/^[\d.]+$/.test(raw)) return `IP address ${shown} is not an IPv4 or IPv6 address`;
  const octets = raw.split('.');
  if (octets.length !== 4) {
    return `IP address ${shown} must have four dot-separated octets (shorthand forms are not accepted)`;
  }
  for (const octet of octets) {
    if (octet === '') return `IP address ${shown} has an empty octet`;
    if (octet.length > 1 && octet.startsWith('0')) {
      return `IP address ${shown} has a leading zero in octet "${octet}"; leading zeros are ambiguous (some systems read them as octal)`;
    }
    if (Number(octet) > 255) return `IP address ${shown} has octet ${octet}, which is greater than 255`;
  }
  return `IP address ${shown} is not a valid IPv4 address`;
}
