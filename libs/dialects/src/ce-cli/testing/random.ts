import { SeededRandom } from '#testing';

/** The choices the intent generators make, on the shared seeded PRNG. */
export class Random extends SeededRandom {
  /** Up to `max` distinct items, in random order. */
  some<T>(items: readonly T[], max = items.length, min = 0): T[] {
    const pool = [...items];
    const out: T[] = [];
    const n = this.int(Math.min(min, pool.length), Math.min(max, pool.length));
    while (out.length < n) out.push(pool.splice(this.int(0, pool.length - 1), 1)[0]!);
    return out;
  }

  ip(first = 10): string {
    return `${first}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }

  /** An IPv6 prefix in canonical form (2001:db8:<n>:<n>::/<len>, or a /128 host). */
  prefix6(): string {
    return this.chance(0.5) ? `2001:db8:${this.int(1, 0xffff).toString(16)}::${this.int(1, 0xffff).toString(16)}/128` : `2001:db8:${this.int(1, 0xffff).toString(16)}::/${this.pick([48, 56, 64])}`;
  }

  /** A network prefix (host bits cleared) of a random length in lo..hi. */
  prefix(lo = 8, hi = 32): string {
    const length = this.int(lo, hi);
    const value = this.int(0, 0xffffffff);
    const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
    const n = (value & mask) >>> 0;
    return `${[24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.')}/${length}`;
  }
}
