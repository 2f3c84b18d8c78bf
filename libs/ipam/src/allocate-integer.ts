import { ExhaustedError, InvalidValueError } from '#domain';

/**
 * The lowest integer in [min, max] that is not in `used`: the next VNI, VLAN ID or RD index.
 *
 * Pure: the caller reads what is in use and serializes concurrent allocations itself (a lock or
 * a unique constraint with retry). Values outside the range are ignored, so a caller may pass
 * every VNI of the fabric when allocating from one pool.
 *
 * A Set and a walk up from `min` stop at the first gap after at most |used in range| + 1 steps,
 * so 50,000 used values cost one pass, not one pass per candidate.
 */
export function allocateInteger(
  used: Iterable<number>,
  min: number,
  max: number,
  what: string,
  field?: string,
): number {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
    throw new InvalidValueError(`cannot allocate ${what}: range ${min}..${max} is not a valid integer range`, field);
  }
  const taken = new Set<number>();
  for (const value of used) {
    if (value >= min && value <= max) taken.add(value);
  }
  let candidate = min;
  while (candidate <= max && taken.has(candidate)) candidate++;
  if (candidate > max) {
    throw new ExhaustedError(`no free ${what} left in ${min}..${max} (all ${max - min + 1} are in use)`, field, {
      min,
      max,
    });
  }
  return candidate;
}
