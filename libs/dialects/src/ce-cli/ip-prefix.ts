import { Cidr, IpAddress } from '#domain';
import { isIpv4, lengthToMask, splitPrefix } from './ipv4.js';

/**
 * Address families of prefixes. IPv4 prefixes are written with a dotted mask (`10.1.0.0
 * 255.255.0.0`), IPv6 ones with a length (`2001:db8:: 48`), as VRP does; IPv6 text must be in
 * its canonical (RFC 5952) form so that it reads back byte-identical.
 */
export type IpFamily = 4 | 6;

export function addressFamily(address: string): IpFamily | undefined {
  if (isIpv4(address)) return 4;
  if (!address.includes(':')) return undefined;
  try {
    return IpAddress.parse(address).toString() === address ? 6 : undefined;
  } catch {
    return undefined;
  }
}

/** IPv6 prefix parts when the text is a canonical IPv6 prefix without host bits. */
export function splitPrefix6(prefix: string): { address: string; length: number } | undefined {
  if (!prefix.includes(':')) return undefined;
  try {
    const c = Cidr.parse(prefix);
    return c.toString() === prefix ? { address: c.network.toString(), length: c.prefixLength } : undefined;
  } catch {
    return undefined;
  }
}

export const prefixFamily = (prefix: string): IpFamily | undefined => (splitPrefix(prefix) ? 4 : splitPrefix6(prefix) ? 6 : undefined);

/** `10.1.0.0/16` → `10.1.0.0 255.255.0.0`; `2001:db8::/48` → `2001:db8:: 48`. */
export function prefixWords(prefix: string): string {
  const v4 = splitPrefix(prefix);
  if (v4) return `${v4.address} ${lengthToMask(v4.length)}`;
  const v6 = splitPrefix6(prefix);
  if (!v6) throw new Error(`not an IP prefix: ${prefix}`);
  return `${v6.address} ${v6.length}`;
}
