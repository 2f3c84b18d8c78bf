import { type Server, type Socket, connect, createServer } from 'node:net';
import type { SwitchOperations } from './switch-operations.js';
import { WireLink, type WireMessage } from './wire-protocol.js';

/** `--cable LOCALIF=HOST:PORT/REMOTEIF`: this switch's port, the far switch's wire endpoint and port. */
export interface CableSpec {
  localPort: string;
  host: string;
  port: number;
  remotePort: string;
}

export class CableSpecError extends Error {}

const CABLE = /^([^=\s]+)=([^:/\s]+):(\d{1,5})\/(\S+)$/;

export function parseCableSpec(text: string): CableSpec {
  const m = CABLE.exec(text);
  if (!m) throw new CableSpecError(`--cable must look like LOCALIF=HOST:PORT/REMOTEIF (e.g. 100GE1/0/1=127.0.0.1:9001/10GE1/0/1), got '${text}'`);
  const port = Number(m[3]);
  if (port < 1 || port > 65535) throw new CableSpecError(`--cable '${text}': the wire port must be 1..65535`);
  return { localPort: m[1]!, host: m[2]!, port, remotePort: m[4]! };
}

export interface WireEndpointOptions {
  host: string;
  /** 0 picks a free port; undefined: no listener, only the cables this switch dials. */
  port?: number;
  /** Pause before dialing a cable again after it failed or went down. */
  reconnectMs?: number;
  log?: (message: string) => void;
}

/**
 * A switch's cables to other processes: a TCP listener (127.0.0.1) where far ends dial in, and
 * the cables this switch dials itself, redialed whenever they drop (the far switch restarted).
 * The first message on a connection is the dialer's hello naming the port it wants (`to`); a port
 * that does not exist or already has a cable is refused.
 */
export class WireEndpoint {
  private readonly sockets = new Set<Socket>();
  private closing = false;
  private readonly retries = new Set<NodeJS.Timeout>();
  private readonly logged = new Set<string>();
  /** The cables this end dialed, by local port. */
  private readonly outgoing = new Map<string, WireLink>();
  /** Connections dialed in so far, taken or refused. */
  accepted = 0;

  private constructor(
    private readonly ops: SwitchOperations,
    private readonly o: WireEndpointOptions,
    private readonly server: Server | undefined,
  ) {}

  static async start(ops: SwitchOperations, o: WireEndpointOptions): Promise<WireEndpoint> {
    if (o.port === undefined) return new WireEndpoint(ops, o, undefined);
    const server = createServer();
    const endpoint = new WireEndpoint(ops, o, server);
    server.on('connection', (socket) => endpoint.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, o.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return endpoint;
  }

  /** The listening port (undefined without a listener). */
  get port(): number | undefined {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  /** Keeps a cable to another process connected for as long as this endpoint is open. */
  dial(spec: CableSpec): void {
    const attempt = () => {
      if (this.closing) return;
      // A vswitch's uplink exists once its configuration names it.
      if (!this.ops.hasPort(spec.localPort)) {
        this.logOnce(`cable ${spec.localPort}: no such port yet, waiting for the configuration to name it`);
        return this.later(attempt);
      }
      if (this.ops.cabled(spec.localPort)) return this.later(attempt);
      const socket = this.track(connect({ host: spec.host, port: spec.port }));
      socket.once('error', () => this.later(attempt));
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        if (this.ops.cabled(spec.localPort)) {
          socket.destroy();
          return this.later(attempt);
        }
        const link = new WireLink(socket);
        link.send({ t: 'hello', system: this.ops.hostname, port: spec.localPort, adminUp: true, to: spec.remotePort });
        this.ops.attach(spec.localPort, link);
        this.outgoing.set(spec.localPort, link);
        void link.done.then((reason) => {
          this.logOnce(`cable ${spec.localPort} to ${spec.host}:${spec.port}/${spec.remotePort} down: ${reason}`);
          this.later(attempt);
        });
      });
    };
    attempt();
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const t of this.retries) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.accepted++;
    this.track(socket).setNoDelay(true);
    const link = new WireLink(socket);
    link.onMessage = (m: WireMessage) => {
      const port = m.t === 'hello' ? m.to : undefined;
      if (port !== undefined && m.t === 'hello') this.yieldToFarDial(port, m.system, m.port);
      const refusal = port === undefined ? 'the first message must be a hello naming the port (to)' : !this.ops.hasPort(port) ? `${this.ops.hostname} has no port ${port}` : this.ops.cabled(port) ? `${this.ops.hostname} ${port} is already cabled` : undefined;
      if (refusal !== undefined) {
        this.logOnce(`refused a cable: ${refusal}`);
        link.onMessage = () => {};
        link.send({ t: 'refuse', reason: refusal });
        return void setImmediate(() => link.close(refusal));
      }
      this.ops.attach(port!, link);
      link.onMessage(m);
    };
  }

  /**
   * A cable given to both ends is dialed from both: of the two connections, the one dialed by the
   * end whose `system port` sorts first is kept, so both ends settle on the same one.
   */
  private yieldToFarDial(port: string, farSystem: string, farPort: string): void {
    const ours = this.outgoing.get(port);
    if (!ours || ours.closed || `${farSystem} ${farPort}` >= `${this.ops.hostname} ${port}`) return;
    ours.close('both ends dialed; the far end dialed first in name order');
  }

  /** A cable that keeps failing the same way is redialed every pause: said once, not every time. */
  private logOnce(message: string): void {
    if (this.logged.has(message)) return;
    this.logged.add(message);
    this.o.log?.(message);
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    return socket;
  }

  private later(attempt: () => void): void {
    if (this.closing) return;
    const t = setTimeout(() => {
      this.retries.delete(t);
      attempt();
    }, this.o.reconnectMs ?? 500);
    this.retries.add(t);
  }
}
