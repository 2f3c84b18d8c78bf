import { formatRfc4364, parseRfc4364Value, type Rfc4364Type } from './rfc4364-value.js';

/**
 * A BGP route target in canonical text form ("65000:100", "10.0.0.1:100", "4200000000:100").
 * The extended community that decides which VRFs import a route (RFC 4364 §4.3.1; for EVPN,
 * RFC 7432 §7.10). Same three encodings as a route distinguisher.
 */
export class RouteTarget {
  private constructor(
    readonly type: Rfc4364Type,
    /** asplain ASN or dotted-quad IPv4 address. */
    readonly administrator: string,
    readonly assignedNumber: number,
  ) {}

  /** Accepts asplain or asdot ASNs and leading zeros; the result's toString() is canonical. */
  static parse(raw: unknown, field?: string): RouteTarget {
    const parts = parseRfc4364Value(raw, 'route target', field);
    return new RouteTarget(parts.type, parts.administrator, parts.assignedNumber);
  }

  static isValid(raw: unknown): boolean {
    try {
      RouteTarget.parse(raw);
      return true;
    } catch {
      return false;
    }
  }

  equals(other: RouteTarget): boolean {
    return this.toString() === other.toString();
  }

  toString(): string {
    return formatRfc4364(this);
  }

  toJSON(): string {
    return this.toString();
  }
}
