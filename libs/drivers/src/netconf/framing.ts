import { DeviceError } from '../device-error.js';
import { ByteQueue } from './byte-queue.js';

/**
 * RFC 6242 message framing. Every session starts with end-of-message framing (`]]>]]>`, the only
 * one NETCONF 1.0 knows) because the hellos must be readable by both versions; when both hellos
 * announce base:1.1, every later message uses chunked framing (`\n#<len>\n…\n##\n`).
 */
export type NetconfFraming = 'eom' | 'chunked';

/** RFC 6242 section 4.2: chunk-size is 1..4294967295. */
export const MAX_CHUNK_SIZE = 4_294_967_295;
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

const EOM = Buffer.from(']]>]]>', 'utf8');
const LF = 0x0a;
const HASH = 0x23;
const DIGIT_0 = 0x30;
const DIGIT_1 = 0x31;
const DIGIT_9 = 0x39;
const MAX_SIZE_DIGITS = String(MAX_CHUNK_SIZE).length;

/** The peer broke the framing rules; the session cannot be resynchronised and must close. */
export class NetconfFramingError extends DeviceError {
  override readonly name = 'NetconfFramingError';

  constructor(message: string) {
    super('PROTOCOL', `NETCONF framing: ${message}`);
  }
}

export interface FramingLimits {
  /** Largest message accepted, in bytes (a defence against a peer that never ends a message). */
  maxMessageBytes?: number;
  /** Largest single chunk accepted, in bytes; at most MAX_CHUNK_SIZE. */
  maxChunkBytes?: number;
}

export interface EncodeOptions {
  /** Split chunked messages into chunks of at most this many bytes (default: one chunk). */
  chunkBytes?: number;
}

/** Frames one message for the wire. */
export function encodeMessage(message: string, framing: NetconfFraming, options: EncodeOptions = {}): Buffer {
  const body = Buffer.from(message, 'utf8');
  if (framing === 'eom') {
    // The marker cannot be escaped in 1.0 framing; sending it would cut the message in two.
    if (body.includes(EOM)) throw new NetconfFramingError('a NETCONF 1.0 message must not contain "]]>]]>"');
    return Buffer.concat([body, EOM]);
  }
  if (body.length === 0) throw new NetconfFramingError('a chunked message needs at least one byte');
  const chunkBytes = Math.min(options.chunkBytes ?? MAX_CHUNK_SIZE, MAX_CHUNK_SIZE);
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  const parts: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += chunkBytes) {
    const chunk = body.subarray(offset, offset + chunkBytes);
    parts.push(Buffer.from(`\n#${chunk.length}\n`, 'latin1'), chunk);
  }
  parts.push(Buffer.from('\n##\n', 'latin1'));
  return Buffer.concat(parts);
}

/**
 * Turns the bytes of one direction of a session into messages, whatever the transport's
 * fragmentation. Pull-based on purpose: the owner takes one message at a time with `next()`, so
 * after reading the hello it can call `useChunked()` before the bytes that follow the hello (which
 * may already be buffered) are decoded.
 */
export class NetconfFrameDecoder {
  private readonly queue = new ByteQueue();
  private readonly maxMessageBytes: number;
  private readonly maxChunkBytes: number;
  private mode: NetconfFraming = 'eom';
  private failure: NetconfFramingError | undefined;
  /** EOM: bytes already searched for the marker, so a slow trickle is not rescanned. */
  private scanned = 0;
  /** Chunked: the chunks of the message being assembled, and what is left of the current one. */
  private chunks: Buffer[] = [];
  private messageBytes = 0;
  private chunkRemaining = 0;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  constructor(limits: FramingLimits = {}) {
    this.maxMessageBytes = limits.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.maxChunkBytes = Math.min(limits.maxChunkBytes ?? MAX_CHUNK_SIZE, MAX_CHUNK_SIZE);
  }

  get framing(): NetconfFraming {
    return this.mode;
  }

  /** Switches to chunked framing for every message not yet returned by `next()`. */
  useChunked(): void {
    this.mode = 'chunked';
    this.scanned = 0;
  }

  push(data: Uint8Array): void {
    this.queue.append(data);
  }

  /** The next complete message, or undefined until more bytes arrive. Throws NetconfFramingError. */
  next(): string | undefined {
    if (this.failure) throw this.failure;
    try {
      const bytes = this.mode === 'eom' ? this.nextEom() : this.nextChunked();
      return bytes === undefined ? undefined : this.decodeText(bytes);
    } catch (error) {
      if (error instanceof NetconfFramingError) this.failure = error;
      throw error;
    }
  }

  private nextEom(): Buffer | undefined {
    // Back up by the marker's length minus one: the marker may straddle two reads.
    const at = this.queue.indexOf(EOM, Math.max(0, this.scanned - (EOM.length - 1)));
    if (at < 0) {
      this.scanned = this.queue.length;
      if (this.queue.length > this.maxMessageBytes + EOM.length - 1) this.tooLarge(this.queue.length);
      return undefined;
    }
    if (at > this.maxMessageBytes) this.tooLarge(at);
    const message = this.queue.take(at);
    this.queue.skip(EOM.length);
    this.scanned = 0;
    return message;
  }

  private nextChunked(): Buffer | undefined {
    for (;;) {
      if (this.chunkRemaining > 0) {
        const available = Math.min(this.chunkRemaining, this.queue.length);
        if (available === 0) return undefined;
        this.chunks.push(this.queue.take(available));
        this.chunkRemaining -= available;
        continue;
      }
      const header = this.readChunkHeader();
      if (header === undefined) return undefined;
      if (header === 'end') {
        const message = Buffer.concat(this.chunks, this.messageBytes);
        this.chunks = [];
        this.messageBytes = 0;
        return message;
      }
      this.chunkRemaining = header;
    }
  }

  /**
   * Parses `\n#<size>\n` or `\n##\n` at the front of the queue. Returns undefined when the header
   * is not complete yet; it is parsed again from its start once more bytes arrive (it is at most
   * 13 bytes, so re-reading is cheaper than keeping a parser state).
   */
  private readChunkHeader(): number | 'end' | undefined {
    const q = this.queue;
    if (q.length === 0) return undefined;
    if (q.byteAt(0) !== LF) this.malformed(0);
    if (q.length < 2) return undefined;
    if (q.byteAt(1) !== HASH) this.malformed(1);
    const third = q.byteAt(2);
    if (third === undefined) return undefined;
    if (third === HASH) {
      const fourth = q.byteAt(3);
      if (fourth === undefined) return undefined;
      if (fourth !== LF) this.malformed(3);
      // RFC 6242: chunked-message = 1*chunk end-of-chunks; an empty message is not a message.
      if (this.chunks.length === 0) throw new NetconfFramingError('end-of-chunks marker before any chunk');
      q.skip(4);
      return 'end';
    }
    if (third < DIGIT_1 || third > DIGIT_9) this.malformed(2, 'a chunk size starts with a digit 1-9');
    let size = 0;
    for (let i = 2; ; i++) {
      const byte = q.byteAt(i);
      if (byte === undefined) return undefined;
      if (byte === LF) {
        q.skip(i + 1);
        break;
      }
      if (byte < DIGIT_0 || byte > DIGIT_9) this.malformed(i, 'a chunk size is decimal digits ended by a newline');
      if (i - 2 >= MAX_SIZE_DIGITS) this.malformed(i, `a chunk size has at most ${MAX_SIZE_DIGITS} digits`);
      size = size * 10 + (byte - DIGIT_0);
    }
    if (size > MAX_CHUNK_SIZE) throw new NetconfFramingError(`chunk size ${size} exceeds the RFC 6242 maximum ${MAX_CHUNK_SIZE}`);
    if (size > this.maxChunkBytes) throw new NetconfFramingError(`chunk size ${size} exceeds this session's limit of ${this.maxChunkBytes} bytes`);
    // Refuse before buffering: the header already says how large the message will get.
    if (this.messageBytes + size > this.maxMessageBytes) this.tooLarge(this.messageBytes + size);
    this.messageBytes += size;
    return size;
  }

  private decodeText(bytes: Buffer): string {
    try {
      return this.utf8.decode(bytes);
    } catch {
      // RFC 6241 section 4.3: a message in an invalid character set is a malformed message.
      throw new NetconfFramingError('message is not valid UTF-8');
    }
  }

  private malformed(offset: number, rule = 'a chunk header is "\\n#<size>\\n" and the last one "\\n##\\n"'): never {
    const seen: number[] = [];
    for (let i = 0; i <= offset; i++) seen.push(this.queue.byteAt(i) ?? 0);
    throw new NetconfFramingError(`malformed chunk header ${JSON.stringify(Buffer.from(seen).toString('latin1'))}: ${rule}`);
  }

  private tooLarge(bytes: number): never {
    throw new NetconfFramingError(`message of at least ${bytes} bytes exceeds the limit of ${this.maxMessageBytes} bytes`);
  }
}
