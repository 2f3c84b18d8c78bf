import { SeededRandom } from '#testing';

/** Generator helpers on the shared seeded PRNG. */
export class Rng extends SeededRandom {
  bool(p = 0.5): boolean {
    return this.chance(p);
  }

  /** Up to `max` distinct items, in their original order. */
  subset<T>(items: readonly T[], max = items.length): T[] {
    const n = this.int(0, Math.min(max, items.length));
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(this.int(0, items.length - 1));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
  }

  /** `count` results of `make`, dropping those whose key repeats an earlier one. */
  unique<T>(count: number, make: () => T, key: (t: T) => string): T[] {
    const seen = new Set<string>();
    const out: T[] = [];
    for (let i = 0; i < count; i++) {
      const t = make();
      if (!seen.has(key(t))) {
        seen.add(key(t));
        out.push(t);
      }
    }
    return out;
  }
}
