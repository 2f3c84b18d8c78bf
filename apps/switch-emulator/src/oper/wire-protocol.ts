import type { Duplex } from 'node:stream';

/**
 * The messages emulated switches exchange over a cable: LLDP-like hellos that say who is at the
 * other end, and BGP-like messages of the sessions that run over the cable. One frame is a 4-byte
 * big-endian length and that many bytes of JSON. The same protocol runs over TCP between
 * processes and over an in-memory duplex inside one process.
 */
export type WireMessage =
  | { t: 'hello'; system: string; port: string; adminUp: boolean; routerId?: string; to?: string }
  | { t: 'refuse'; reason: string }
  | { t: 'open'; session: SessionKey; asn: number; routerId: string }
  | { t: 'keepalive'; session: SessionKey }
  | { t: 'update'; session: SessionKey; routes: WireRoute[] }
  | { t: 'withdraw'; session: SessionKey; keys: string[] }
  | { t: 'notification'; session: SessionKey; reason: string };

/** Which session a BGP message belongs to: the unnumbered one of the cable, or one between two addresses. */
export type SessionKey = { mode: 'interface' } | { mode: 'address'; from: string; to: string };

/** A route as it crosses a session (both address families). */
export interface WireRoute {
  family: 'evpn' | 'ipv4';
  /** EVPN route type. */
  type?: 2 | 3 | 5;
  rd?: string;
  prefix: string;
  vni?: number;
  nextHop: string;
  /** Router ID of the switch that originated it: a switch drops its own routes coming back. */
  originator: string;
}

export const routeKey = (r: WireRoute): string => (r.family === 'evpn' ? `evpn|${r.type}|${r.rd}|${r.prefix}|${r.vni}` : `ipv4|${r.prefix}`);

const MAX_FRAME = 4 * 1024 * 1024;
const TYPES = new Set(['hello', 'refuse', 'open', 'keepalive', 'update', 'withdraw', 'notification']);

export class WireProtocolError extends Error {}

/** Checks the shape of a received message: a peer speaking something else is cut off, not believed. */
export function parseWireMessage(json: string): WireMessage {
  let m: unknown;
  try {
    m = JSON.parse(json);
  } catch {
    throw new WireProtocolError('a frame that is not JSON');
  }
  const o = m as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || typeof o.t !== 'string' || !TYPES.has(o.t)) throw new WireProtocolError(`unknown message ${JSON.stringify(json.slice(0, 60))}`);
  if (o.t === 'hello' && (typeof o.system !== 'string' || typeof o.port !== 'string' || typeof o.adminUp !== 'boolean')) throw new WireProtocolError('a hello without system, port and adminUp');
  if (o.t !== 'hello' && o.t !== 'refuse') {
    const s = o.session as Record<string, unknown> | undefined;
    if (!s || (s.mode !== 'interface' && !(s.mode === 'address' && typeof s.from === 'string' && typeof s.to === 'string'))) throw new WireProtocolError(`${o.t} without a session key`);
  }
  if (o.t === 'open' && (typeof o.asn !== 'number' || typeof o.routerId !== 'string')) throw new WireProtocolError('an open without asn and routerId');
  if (o.t === 'update' && !Array.isArray(o.routes)) throw new WireProtocolError('an update without routes');
  if (o.t === 'withdraw' && !Array.isArray(o.keys)) throw new WireProtocolError('a withdraw without keys');
  return o as unknown as WireMessage;
}

/**
 * One end of a cable: frames out, frames in. Received messages are handed on asynchronously and in
 * order, so a handler that answers never runs inside the sender's call.
 */
export class WireLink {
  onMessage: (m: WireMessage) => void = () => {};
  onClose: (reason: string) => void = () => {};
  private buffer: Buffer = Buffer.alloc(0);
  private inbox: WireMessage[] = [];
  private draining = false;
  private ended = false;
  private resolveDone: (reason: string) => void = () => {};
  /** Settles with the reason once the cable is gone, whoever closed it. */
  readonly done = new Promise<string>((resolve) => {
    this.resolveDone = resolve;
  });

  constructor(private readonly stream: Duplex) {
    stream.on('data', (chunk: Buffer) => this.receive(chunk));
    stream.on('end', () => this.end('the other end closed the cable'));
    stream.on('close', () => this.end('the cable closed'));
    stream.on('error', (e: Error) => this.end(e.message));
  }

  get closed(): boolean {
    return this.ended;
  }

  send(m: WireMessage): void {
    if (this.ended) return;
    const body = Buffer.from(JSON.stringify(m), 'utf8');
    const header = Buffer.alloc(4);
    header.writeUInt32BE(body.length);
    this.stream.write(Buffer.concat([header, body]));
  }

  close(reason = 'closed locally'): void {
    this.end(reason);
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUInt32BE(0);
      if (length > MAX_FRAME) return this.end(`a frame of ${length} bytes (more than ${MAX_FRAME})`);
      if (this.buffer.length < 4 + length) break;
      const json = this.buffer.subarray(4, 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(4 + length);
      try {
        this.inbox.push(parseWireMessage(json));
      } catch (error) {
        return this.end(error instanceof Error ? error.message : String(error));
      }
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.draining || this.inbox.length === 0) return;
    this.draining = true;
    setImmediate(() => {
      this.draining = false;
      const batch = this.inbox;
      this.inbox = [];
      for (const m of batch) if (!this.ended) this.onMessage(m);
    });
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.inbox = [];
    // end() first: an in-memory duplex tells its other side only when it is ended, not destroyed.
    this.stream.end();
    this.stream.destroy();
    this.onClose(reason);
    this.resolveDone(reason);
  }
}
