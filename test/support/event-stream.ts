/** One server-sent event as the stream delivered it. */
export interface StreamEvent {
  id: string | undefined;
  event: string;
  data: any;
}

/**
 * A reader of `GET /api/v1/events` over node's fetch: `next(match)` reads until an event matches and
 * returns it (every event read is kept in `seen`); `close()` ends the request.
 */
export class EventStream {
  readonly seen: StreamEvent[] = [];
  private buffer = '';
  private pending: StreamEvent[] = [];

  private constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly abort: AbortController,
    readonly contentType: string | null,
  ) {}

  static async open(baseUrl: string, token: string, lastEventId?: string): Promise<EventStream> {
    const abort = new AbortController();
    const res = await fetch(`${baseUrl}/api/v1/events`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      signal: abort.signal,
    });
    if (res.status !== 200 || !res.body) throw new Error(`GET /events answered ${res.status}: ${await res.text()}`);
    return new EventStream(res.body.getReader(), abort, res.headers.get('content-type'));
  }

  async next(match: (e: StreamEvent) => boolean, what = 'a matching event'): Promise<StreamEvent> {
    const decoder = new TextDecoder();
    for (;;) {
      const i = this.pending.findIndex(match);
      if (i >= 0) {
        const [found] = this.pending.splice(0, i + 1).slice(-1);
        return found as StreamEvent;
      }
      this.pending = [];
      const { value, done } = await this.reader.read();
      if (done) throw new Error(`event stream ended before ${what}; seen: ${JSON.stringify(this.seen)}`);
      this.buffer += decoder.decode(value, { stream: true });
      let end = this.buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const e = parseBlock(block);
        if (e) {
          this.seen.push(e);
          this.pending.push(e);
        }
        end = this.buffer.indexOf('\n\n');
      }
    }
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.reader.cancel().catch(() => undefined);
  }
}

function parseBlock(block: string): StreamEvent | undefined {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const [field, ...rest] = line.split(':');
    const value = rest.join(':').replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { id, event, data: JSON.parse(data.join('\n')) } : undefined;
}
