/**
 * A growable byte buffer consumed from the front. Transport reads arrive in pieces of a few KiB;
 * concatenating every piece onto the pending bytes would copy a multi-megabyte reply once per
 * piece, so the buffer doubles its capacity instead and compacts only when it must.
 */
export class ByteQueue {
  private buffer = Buffer.allocUnsafe(4096);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(data: Uint8Array): void {
    if (data.length === 0) return;
    if (this.end + data.length > this.buffer.length) this.makeRoom(data.length);
    this.buffer.set(data, this.end);
    this.end += data.length;
  }

  /** The byte at `index` (relative to the front); undefined past the end. */
  byteAt(index: number): number | undefined {
    return index < this.length ? this.buffer[this.start + index] : undefined;
  }

  /** Offset of `needle` relative to the front, searching from `from`; -1 if absent. */
  indexOf(needle: Uint8Array, from = 0): number {
    const found = this.buffer.subarray(this.start, this.end).indexOf(needle, from);
    return found;
  }

  /** Removes and returns the first `count` bytes, as a copy the queue will not overwrite. */
  take(count: number): Buffer {
    const out = Buffer.from(this.buffer.subarray(this.start, this.start + count));
    this.skip(count);
    return out;
  }

  skip(count: number): void {
    this.start += Math.min(count, this.length);
    if (this.start === this.end) this.start = this.end = 0;
  }

  private makeRoom(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) {
      this.buffer.copyWithin(0, this.start, this.end);
    } else {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
      this.buffer.copy(grown, 0, this.start, this.end);
      this.buffer = grown;
    }
    this.end = this.length;
    this.start = 0;
  }
}
