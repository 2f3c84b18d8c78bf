/** A small seeded PRNG (mulberry32) so generated intents are reproducible from their seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
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
