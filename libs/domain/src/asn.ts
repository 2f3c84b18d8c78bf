import { parseBoundedInteger } from './bounded-integer.js';
import { InvalidValueError } from './errors.js';
import { showValue } from './value-message.js';

/**
 * A BGP autonomous system number, held in asplain form. 0 is reserved (RFC 7607) and never
 * valid on a session, hence the minimum of 1.
 */
export type Asn = number & { readonly __brand: 'Asn' };

export const ASN_MIN = 1;
export const ASN_MAX = 4_294_967_295;
/** The last 2-byte ASN; anything above needs 4-byte ASN support and type-2 route targets. */
export const ASN_2BYTE_MAX = 65_535;

const ASDOT = /^(\d+)\.(\d+)$/;

export const Asn = {
  MIN: ASN_MIN,
  MAX: ASN_MAX,

  /**
   * Accepts an integer, a decimal string, or asdot/asdot+ notation ("65000.10" = 65000 * 65536
   * + 10, RFC 5396), which Cisco and Huawei configurations print for 4-byte ASNs. Returns asplain.
   */
  parse(raw: unknown, field?: string): Asn {
    if (typeof raw === 'string') {
      const m = ASDOT.exec(raw);
      if (m) {
        const high = Number(m[1]);
        const low = Number(m[2]);
        if (high > ASN_2BYTE_MAX || low > ASN_2BYTE_MAX) {
          throw new InvalidValueError(
            `ASN ${showValue(raw)} is not valid asdot notation: both halves must be 0..65535`,
            field,
          );
        }
        const value = high * 65_536 + low;
        if (value < ASN_MIN) {
          throw new InvalidValueError(`ASN ${showValue(raw)} is 0, which is reserved (RFC 7607)`, field);
        }
        return value as Asn;
      }
    }
    return parseBoundedInteger(raw, ASN_MIN, ASN_MAX, 'ASN', field) as Asn;
  },

  /** True for the private-use ranges of RFC 6996: 64512–65534 and 4200000000–4294967294. */
  isPrivate(asn: number): boolean {
    return (asn >= 64_512 && asn <= 65_534) || (asn >= 4_200_000_000 && asn <= 4_294_967_294);
  },

  /** True when the ASN does not fit in 2 bytes (and so cannot be the admin field of a type-0 RD/RT). */
  isFourByte(asn: number): boolean {
    return asn > ASN_2BYTE_MAX;
  },

  /** asdot+ rendering ("65000.10"), for platforms that print or require it. */
  toAsdot(asn: number): string {
    return `${Math.floor(asn / 65_536)}.${asn % 65_536}`;
  },
} as const;
