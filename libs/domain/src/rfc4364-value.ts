import { ASN_2BYTE_MAX, Asn } from './asn.js';
import { InvalidValueError } from './errors.js';
import { IpAddress } from './ip-address.js';
import { showValue, withContext } from './value-message.js';

/**
 * The three RFC 4364 §4.2 encodings shared by route distinguishers and route targets (the latter
 * via the extended-community types of RFC 4360 / RFC 5668):
 *   type 0: 2-byte ASN : 4-byte number
 *   type 1: IPv4 address : 2-byte number
 *   type 2: 4-byte ASN : 2-byte number
 * The type is implied by the administrator, so the canonical text alone round-trips.
 */
export type Rfc4364Type = 0 | 1 | 2;

export interface Rfc4364Parts {
  readonly type: Rfc4364Type;
  /** Canonical administrator: asplain ASN or dotted-quad IPv4 address. */
  readonly administrator: string;
  readonly assignedNumber: number;
}

const UINT16_MAX = 65_535;
const UINT32_MAX = 4_294_967_295;

/** `label` is how the operator knows the value ("route target"); it starts every message. */
export function parseRfc4364Value(raw: unknown, label: string, field?: string): Rfc4364Parts {
  if (typeof raw !== 'string') {
    throw new InvalidValueError(`${label} must be a string, got ${showValue(raw)}`, field);
  }
  const context = `${label} ${showValue(raw)}`;
  const parts = raw.split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    throw new InvalidValueError(
      `${context} must be administrator:number, e.g. 65000:100, 10.0.0.1:100 or 4200000000:100`,
      field,
    );
  }
  const [adminText, numberText] = parts as [string, string];

  let type: Rfc4364Type;
  let administrator: string;
  if (/^[\d.]+$/.test(adminText) && adminText.split('.').length === 4) {
    const ip = withContext(context, field, () => IpAddress.parse(adminText));
    if (ip.toBigInt() === 0n) {
      throw new InvalidValueError(`${context} has administrator 0.0.0.0, which identifies no router`, field);
    }
    type = 1;
    administrator = ip.toString();
  } else if (/^\d+(\.\d+)?$/.test(adminText)) {
    // ASN 0 is reserved (RFC 7607); rejecting it also rules out the meaningless "0:0".
    if (/^0+$/.test(adminText)) {
      throw new InvalidValueError(`${context} has administrator ASN 0, which is reserved (RFC 7607)`, field);
    }
    const asn = withContext(context, field, () => Asn.parse(adminText));
    type = asn > ASN_2BYTE_MAX ? 2 : 0;
    administrator = String(asn);
  } else {
    throw new InvalidValueError(
      `${context} has administrator ${showValue(adminText)}, which is neither an ASN nor an IPv4 address`,
      field,
    );
  }

  if (!/^\d+$/.test(numberText)) {
    throw new InvalidValueError(
      `${context} has assigned number ${showValue(numberText)}, which is not a decimal integer`,
      field,
    );
  }
  const max = type === 0 ? UINT32_MAX : UINT16_MAX;
  const assignedNumber = Number(numberText);
  if (assignedNumber > max) {
    const why = {
      0: 'with a 2-byte ASN administrator (type 0)',
      1: 'with an IPv4 administrator (type 1)',
      2: 'with a 4-byte ASN administrator (type 2)',
    }[type];
    throw new InvalidValueError(
      `${context} has assigned number ${numberText.replace(/^0+(?=\d)/, '')}; ${why} it must be 0..${max}`,
      field,
      { type, max },
    );
  }
  return { type, administrator, assignedNumber };
}

export function formatRfc4364(parts: Rfc4364Parts): string {
  return `${parts.administrator}:${parts.assignedNumber}`;
}
