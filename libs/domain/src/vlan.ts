import { parseBoundedInteger } from './bounded-integer.js';

/** An 802.1Q VLAN ID. 0 (priority tag only) and 4095 are reserved by the standard. */
export type VlanId = number & { readonly __brand: 'VlanId' };

export const VLAN_ID_MIN = 1;
export const VLAN_ID_MAX = 4094;

export const VlanId = {
  MIN: VLAN_ID_MIN,
  MAX: VLAN_ID_MAX,
  /** Accepts an integer or a decimal string; throws InvalidValueError naming the value. */
  parse(raw: unknown, field?: string): VlanId {
    return parseBoundedInteger(raw, VLAN_ID_MIN, VLAN_ID_MAX, 'VLAN ID', field) as VlanId;
  },
} as const;
