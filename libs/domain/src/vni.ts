import { parseBoundedInteger } from './bounded-integer.js';

/**
 * A VXLAN Network Identifier. The header field is 24 bits; 0 and 16777215 (0xffffff) are
 * excluded because several switch operating systems reserve them, so a fabric-wide VNI must
 * avoid both.
 */
export type Vni = number & { readonly __brand: 'Vni' };

export const VNI_MIN = 1;
export const VNI_MAX = 16_777_214;

export const Vni = {
  MIN: VNI_MIN,
  MAX: VNI_MAX,
  /** Accepts an integer or a decimal string; throws InvalidValueError naming the value. */
  parse(raw: unknown, field?: string): Vni {
    return parseBoundedInteger(raw, VNI_MIN, VNI_MAX, 'VNI', field) as Vni;
  },
} as const;
