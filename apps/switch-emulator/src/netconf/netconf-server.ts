import { type Server, type Socket, createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { Capability, type FramingLimits } from '#drivers';
import ssh2, { type Connection } from 'ssh2';
import { type HostKey, loadOrCreateHostKey } from '../ssh/host-key.store.js';
import { type SshUser, sshAuthenticator } from '../ssh/ssh-users.js';
import type { NetconfRpcHandler } from './netconf-rpc-handler.js';
import { NetconfServerSession, type NetconfSessionHost } from './netconf-server-session.js';

export interface NetconfServerOptions {
  /** Listen address; loopback unless the caller says otherwise. */
  host?: string;
  /** 0 (the default) picks a free port; read it back from `port`. */
  port?: number;
  /** Where the host key lives; created on first start and reused afterwards. */
  hostKeyPath: string;
  users: readonly SshUser[];
  handler: NetconfRpcHandler;
  /** Base versions to announce; both by default. Announcing only 1.0 forces EOM framing. */
  baseVersions?: readonly ('1.0' | '1.1')[];
  helloTimeoutMs?: number;
  limits?: FramingLimits;
  log?: (message: string) => void;
}

/**
 * NETCONF over SSH (RFC 6242) for the emulated switch: an ssh2 server offering the `netconf`
 * subsystem, one NetconfServerSession per subsystem channel, session-ids unique per server.
 */
export class NetconfServer {
  private readonly sessionsById = new Map<number, NetconfServerSession>();
  private readonly connections = new Set<Connection>();
  private readonly sockets = new Set<Socket>();
  private nextSessionId = 1;
  private listeningPort = 0;

  private constructor(
    private readonly listener: Server,
    private readonly options: NetconfServerOptions,
    readonly hostKey: HostKey,
  ) {}

  static async start(options: NetconfServerOptions): Promise<NetconfServer> {
    const hostKey = loadOrCreateHostKey(options.hostKeyPath);
    const authenticate = sshAuthenticator(options.users);
    let instance: NetconfServer | undefined;
    const ssh = new ssh2.Server({ hostKeys: [hostKey.privateKey] }, (connection) => instance!.accept(connection, authenticate));
    // We own the listening socket and hand connections to ssh2, so that close() can destroy
    // whatever a peer leaves half-open instead of waiting on it forever.
    const listener = createServer((socket) => {
      instance!.sockets.add(socket);
      socket.once('close', () => instance!.sockets.delete(socket));
      ssh.injectSocket(socket);
    });
    instance = new NetconfServer(listener, options, hostKey);
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        listener.removeListener('error', reject);
        resolve();
      });
    });
    const address = listener.address();
    instance.listeningPort = typeof address === 'object' && address ? address.port : 0;
    return instance;
  }

  get port(): number {
    return this.listeningPort;
  }

  /** Open NETCONF sessions, oldest first. */
  sessions(): NetconfServerSession[] {
    return [...this.sessionsById.values()];
  }

  /** Stops listening and ends every connection (politely, then by force after a grace period). */
  async close(): Promise<void> {
    for (const session of this.sessions()) session.end('server shutting down');
    for (const connection of this.connections) connection.end();
    const stopped = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    const deadline = Date.now() + 1_000;
    while (this.sockets.size > 0 && Date.now() < deadline) await delay(10);
    for (const socket of this.sockets) socket.destroy();
    await stopped;
  }

  private accept(connection: Connection, authenticate: ReturnType<typeof sshAuthenticator>): void {
    this.connections.add(connection);
    connection.on('close', () => this.connections.delete(connection));
    // A client that vanishes mid-handshake is routine, not a crash.
    connection.on('error', (error: Error) => this.log(`ssh connection error: ${error.message}`));
    let username = '';
    connection.on('authentication', (ctx) => {
      username = ctx.username;
      authenticate(ctx);
    });
    connection.on('ready', () => {
      connection.on('session', (acceptSession) => {
        const sshSession = acceptSession();
        sshSession.on('subsystem', (acceptSubsystem, rejectSubsystem, info) => {
          if (info.name !== 'netconf') return rejectSubsystem();
          const session = new NetconfServerSession(this.nextSessionId++, username, acceptSubsystem(), () => connection.end(), this.sessionHost());
          this.sessionsById.set(session.id, session);
          session.start();
        });
      });
    });
  }

  private sessionHost(): NetconfSessionHost {
    const versions = this.options.baseVersions ?? ['1.0', '1.1'];
    const bases = versions.map((v) => (v === '1.0' ? Capability.base10 : Capability.base11));
    return {
      capabilities: [...bases, ...this.options.handler.capabilities],
      handler: this.options.handler,
      helloTimeoutMs: this.options.helloTimeoutMs ?? 30_000,
      ...(this.options.limits ? { limits: this.options.limits } : {}),
      kill: (sessionId) => {
        const victim = this.sessionsById.get(sessionId);
        victim?.end(`killed by kill-session`);
        return victim !== undefined;
      },
      ended: (session) => {
        if (this.sessionsById.delete(session.id)) this.options.handler.sessionEnded?.(session);
      },
      log: (message) => this.log(message),
    };
  }

  private log(message: string): void {
    this.options.log?.(message);
  }
}
