import { type Cidr, ExhaustedError, IpAddress } from '#domain';

export interface AllocateIpOptions {
  /**
   * Restrict the result to these ranges (a node's own IP blocks). Ranges of another IP version
   * or outside the subnet contribute nothing; an empty array therefore means "nowhere".
   */
  within?: readonly Cidr[];
}

interface Range {
  start: bigint;
  end: bigint;
}

/**
 * The lowest free host address of `subnet`: between firstHost() and lastHost(), not in `used`,
 * and inside one of `within` when given. Reserved addresses (the gateway, for instance) must be
 * in `used`; this function knows nothing about them.
 *
 * `used` may be in any spelling (non-canonical IPv6) and may carry a prefix length
 * ("10.0.0.5/24", as PostgreSQL prints an inet with a mask); values of another version or outside
 * the subnet are ignored. A value that is not an address at all throws: skipping it could hand
 * out an address that is really taken.
 *
 * Pure: the caller serializes concurrent allocations. Cost is a sort of the used addresses that
 * fall in the subnet plus a walk over them, never over the address space.
 */
export function allocateIp(subnet: Cidr, used: Iterable<string>, opts: AllocateIpOptions = {}): IpAddress {
  const version = subnet.version;
  const hosts: Range = { start: subnet.firstHost().toBigInt(), end: subnet.lastHost().toBigInt() };
  const ranges = opts.within === undefined ? [hosts] : clipAndMerge(opts.within, subnet, hosts);

  const taken = usedInRange(used, version, hosts);
  let i = 0;
  for (const range of ranges) {
    // Both lists are ascending, so the used index only moves forward across ranges.
    while (i < taken.length && taken[i]! < range.start) i++;
    let candidate = range.start;
    // Stop at the range's end: the used addresses beyond it belong to the next range's walk.
    while (candidate <= range.end && i < taken.length && taken[i] === candidate) {
      candidate++;
      i++;
    }
    if (candidate <= range.end) return IpAddress.fromBigInt(candidate, version);
  }

  const where = opts.within === undefined ? '' : ` within ${opts.within.map(String).join(', ') || 'no ranges'}`;
  throw new ExhaustedError(`no free IP address left in ${subnet}${where}`, undefined, {
    subnet: subnet.toString(),
    used: taken.length,
  });
}

function usedInRange(used: Iterable<string>, version: 4 | 6, bounds: Range): bigint[] {
  const values: bigint[] = [];
  for (const raw of used) {
    const text = typeof raw === 'string' ? raw.replace(/\/\d{1,3}$/, '') : raw;
    const address = IpAddress.parse(text, 'used');
    if (address.version !== version) continue;
    const value = address.toBigInt();
    if (value >= bounds.start && value <= bounds.end) values.push(value);
  }
  values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // Drop duplicates so the walk can advance the candidate and the index together.
  return values.filter((value, index) => index === 0 || value !== values[index - 1]);
}

/** Intersects each allowed block with the host range and merges the results into sorted, disjoint ranges. */
function clipAndMerge(within: readonly Cidr[], subnet: Cidr, hosts: Range): Range[] {
  const clipped: Range[] = [];
  for (const block of within) {
    if (block.version !== subnet.version) continue;
    const start = block.start > hosts.start ? block.start : hosts.start;
    const end = block.end < hosts.end ? block.end : hosts.end;
    if (start <= end) clipped.push({ start, end });
  }
  clipped.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: Range[] = [];
  for (const range of clipped) {
    const last = merged.at(-1);
    if (last && range.start <= last.end + 1n) {
      if (range.end > last.end) last.end = range.end;
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}
