import { blockSize, Cidr, ExhaustedError, IP_BITS, InvalidValueError } from '#domain';

/**
 * `count` aligned /blockPrefixLength blocks of `parent` that overlap none of `taken`, lowest
 * first: per-node IP blocks, per-VPC subnets, loopback pools.
 *
 * `taken` may hold blocks of any size, of the other IP version, or partly outside the parent;
 * only their intersection with the parent matters. Pure: the caller serializes allocations.
 * Cost is a sort of `taken` plus one step per taken block and per result, so carving a few /24s
 * out of a /8 does not enumerate its 65,536 candidates.
 */
export function allocateBlocks(parent: Cidr, blockPrefixLength: number, taken: readonly Cidr[], count: number): Cidr[] {
  const maxBits = IP_BITS[parent.version];
  if (!Number.isInteger(blockPrefixLength) || blockPrefixLength < parent.prefixLength || blockPrefixLength > maxBits) {
    throw new InvalidValueError(
      `block prefix length /${blockPrefixLength} does not fit in ${parent}: it must be ${parent.prefixLength}..${maxBits}`,
      'blockPrefixLength',
    );
  }
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new InvalidValueError(`block count ${count} must be a non-negative integer`, 'count');
  }

  const size = blockSize(parent.version, blockPrefixLength);
  const obstacles = taken
    .filter((block) => block.overlaps(parent))
    .map((block) => ({ start: block.start, end: block.end }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));

  const blocks: Cidr[] = [];
  let cursor = parent.start; // always aligned to `size`, since the parent is
  let i = 0;
  while (blocks.length < count && cursor + size - 1n <= parent.end) {
    const blockEnd = cursor + size - 1n;
    while (i < obstacles.length && obstacles[i]!.end < cursor) i++;
    const next = obstacles[i];
    if (next && next.start <= blockEnd) {
      // Jump past the obstacle to the next aligned boundary instead of stepping one block at a time.
      cursor = alignUp(next.end + 1n, size);
      continue;
    }
    blocks.push(Cidr.fromBigInt(cursor, blockPrefixLength, parent.version));
    cursor += size;
  }

  if (blocks.length < count) {
    throw new ExhaustedError(
      `only ${blocks.length} free /${blockPrefixLength} block(s) left in ${parent}; ${count} requested`,
      undefined,
      { parent: parent.toString(), blockPrefixLength, requested: count, available: blocks.length },
    );
  }
  return blocks;
}

function alignUp(value: bigint, size: bigint): bigint {
  const remainder = value % size;
  return remainder === 0n ? value : value + size - remainder;
}
