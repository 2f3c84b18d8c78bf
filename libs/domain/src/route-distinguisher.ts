import { formatRfc4364, parseRfc4364Value, type Rfc4364Type } from './rfc4364-value.js';

/**
 * A BGP route distinguisher in canonical text form ("65000:100", "10.0.0.1:100", "4200000000:100").
 * Makes otherwise identical VPN routes from different VRFs distinct in BGP (RFC 4364 §4.2). It
 * carries no policy: import and export are decided by route targets.
 */
export class RouteDistinguisher {
  private constructor(
    readonly type: Rfc4364Type,
    /** asplain ASN or dotted-quad IPv4 address. */
    readonly administrator: string,
    readonly assignedNumber: number,
  ) {}

  /** Accepts asplain or asdot ASNs and leading zeros; the result's toString() is canonical. */
  static parse(raw: unknown, field?: string): RouteDistinguisher {
    const parts = parseRfc4364Value(raw, 'route distinguisher', field);
    return new RouteDistinguisher(parts.type, parts.administrator, parts.assignedNumber);
  }

  static isValid(raw: unknown): boolean {
    try {
      RouteDistinguisher.parse(raw);
      return true;
    } catch {
      return false;
    }
  }

  equals(other: RouteDistinguisher): boolean {
    return this.toString() === other.toString();
  }

  toString(): string {
    return formatRfc4364(this);
  }

  toJSON(): string {
    return this.toString();
  }
}
