/**
 * IPv4 text forms VRP uses: dotted masks (`255.255.255.0`), wildcards (`0.0.0.255`, `0` for a
 * host) and hyphenated MAC triplets (`0000-5e00-0101`). Strict: an operator's leading zeros or a
 * non-contiguous mask are errors, never silently "fixed", so a parse is also a check.
 */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

export const isIpv4 = (text: string): boolean => IPV4.test(text);

export function ipv4ToInt(text: string): number {
  return text.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

export function intToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

const maskInt = (length: number): number => (length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0);

export const lengthToMask = (length: number): string => intToIpv4(maskInt(length));

/** Prefix length of a dotted mask, or undefined when it is not a contiguous IPv4 mask. */
export function maskToLength(mask: string): number | undefined {
  if (!isIpv4(mask)) return undefined;
  const n = ipv4ToInt(mask);
  for (let length = 0; length <= 32; length++) if (maskInt(length) === n) return length;
  return undefined;
}

/** ACL wildcard: the inverted mask, written `0` for a single host as VRP displays it. */
export const lengthToWildcard = (length: number): string => (length === 32 ? '0' : intToIpv4(~maskInt(length) >>> 0));

export function wildcardToLength(wildcard: string): number | undefined {
  if (wildcard === '0') return 32;
  if (!isIpv4(wildcard)) return undefined;
  return maskToLength(intToIpv4(~ipv4ToInt(wildcard) >>> 0));
}

export interface Ipv4Prefix {
  address: string;
  length: number;
}

/** `10.1.0.0/16` → parts; undefined unless it is an IPv4 prefix without host bits. */
export function splitPrefix(prefix: string): Ipv4Prefix | undefined {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(prefix);
  if (!m || !isIpv4(m[1]!) || Number(m[2]) > 32) return undefined;
  const length = Number(m[2]);
  const address = m[1]!;
  if (((ipv4ToInt(address) & ~maskInt(length)) >>> 0) !== 0) return undefined;
  return { address, length };
}

/** True when the address has no bits outside the prefix length (a valid network address). */
export const isNetworkAddress = (address: string, length: number): boolean => ((ipv4ToInt(address) & ~maskInt(length)) >>> 0) === 0;

/** Last address of a prefix (for `nat address-group <start> <end>`). */
export function lastAddress(p: Ipv4Prefix): string {
  return intToIpv4((ipv4ToInt(p.address) | (~maskInt(p.length) >>> 0)) >>> 0);
}

const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;
const CE_MAC = /^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/;

/** Intent form (`00:00:5e:00:01:01`, canonical lowercase colon-separated). */
export const isIntentMac = (mac: string): boolean => MAC.test(mac);

/** `00:00:5e:00:01:01` → `0000-5e00-0101`. */
export function macToCe(mac: string): string {
  const hex = mac.replace(/:/g, '');
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8)}`;
}

/** `0000-5e00-0101` → `00:00:5e:00:01:01`; undefined for any other spelling. */
export function ceToMac(text: string): string | undefined {
  if (!CE_MAC.test(text)) return undefined;
  return text.replace(/-/g, '').match(/../g)!.join(':');
}
