import { InvalidValueError } from './errors.js';
import { showValue } from './value-message.js';

const DECIMAL = /^-?\d+$/;

/**
 * Parses an integer identifier (VNI, VLAN ID, ASN) from a number or a decimal string and checks
 * its range. Strings are accepted because the same values arrive from query parameters, YAML and
 * CSV imports; leading zeros are harmless here (unlike in IPv4 octets) and are normalized away.
 */
export function parseBoundedInteger(
  raw: unknown,
  min: number,
  max: number,
  label: string,
  field?: string,
): number {
  let value: number;
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw)) {
      throw new InvalidValueError(`${label} ${showValue(raw)} is not an integer`, field);
    }
    value = raw;
  } else if (typeof raw === 'string') {
    if (!DECIMAL.test(raw)) {
      throw new InvalidValueError(`${label} ${showValue(raw)} is not a decimal integer`, field);
    }
    value = Number(raw);
  } else {
    throw new InvalidValueError(`${label} must be an integer, got ${showValue(raw)}`, field);
  }
  if (value < min || value > max) {
    // Show the digits as typed: Number("99999999999999999999") would print in exponent form.
    const shown = typeof raw === 'string' ? raw.replace(/^(-?)0+(?=\d)/, '$1') : String(value);
    throw new InvalidValueError(`${label} ${shown} is out of range ${min}..${max}`, field, { min, max });
  }
  return value;
}
