/**
 * Where one event stream is in the `operation_events` log. Ids come from a sequence, so they are
 * taken in one order and may become visible in another: a transaction that took id 100 can commit
 * after one that took 101. Reading strictly `id > last sent` would skip 100 for good. The cursor
 * therefore keeps a settled point (every id at or below it was sent, or was a gap that stayed empty
 * for `gapMs` — a rolled-back transaction), re-reads above it, and sends each id once.
 */
export class EventCursor {
  private readonly sent = new Set<number>();
  private readonly gapSeen = new Map<number, number>();

  constructor(
    /** Ids at or below this are not sent (the start of the stream, or the client's Last-Event-ID). */
    private settled: number,
    private readonly gapMs = 5_000,
  ) {}

  /** The lower bound (exclusive) of the next read. */
  get after(): number {
    return this.settled;
  }

  /** Of the rows read above `after` (in id order), the ones not sent yet; advances the settled point. */
  take<R extends { id: string | number }>(rows: R[], now = Date.now()): R[] {
    const fresh = rows.filter((r) => !this.sent.has(Number(r.id)));
    for (const r of fresh) this.sent.add(Number(r.id));
    const highest = Math.max(this.settled, ...this.sent);
    for (let next = this.settled + 1; next <= highest; next++) {
      if (this.sent.delete(next)) {
        this.gapSeen.delete(next);
      } else {
        const since = this.gapSeen.get(next) ?? now;
        this.gapSeen.set(next, since);
        if (now - since < this.gapMs) break;
        this.gapSeen.delete(next);
      }
      this.settled = next;
    }
    return fresh;
  }
}
