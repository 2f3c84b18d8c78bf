import { describe, expect, it } from 'vitest';
import { EventCursor } from './event-cursor.js';

const rows = (...ids: number[]) => ids.map((id) => ({ id: String(id) }));
const ids = (r: { id: string }[]) => r.map((x) => Number(x.id));

describe('EventCursor', () => {
  it('sends an event whose id became visible after a higher one, and each event once', () => {
    const c = new EventCursor(10, 5_000);
    expect(ids(c.take(rows(11, 13), 0))).toEqual([11, 13]);
    expect(c.after).toBe(11); // 12 is taken but not committed yet: read again from 11
    expect(ids(c.take(rows(12, 13, 14), 100))).toEqual([12, 14]);
    expect(c.after).toBe(14);
  });

  it('gives up on a gap that stays empty (a rolled-back transaction) after the grace time', () => {
    const c = new EventCursor(0, 5_000);
    c.take(rows(1, 3), 0);
    expect(c.after).toBe(1);
    c.take(rows(3), 4_999);
    expect(c.after).toBe(1);
    expect(c.take(rows(3, 4), 5_000)).toEqual(rows(4));
    expect(c.after).toBe(4);
  });

  it('starts after the resume point', () => {
    const c = new EventCursor(7);
    expect(ids(c.take(rows(8), 0))).toEqual([8]);
    expect(c.after).toBe(8);
  });
});
