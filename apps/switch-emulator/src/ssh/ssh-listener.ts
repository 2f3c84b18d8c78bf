import { type Server, type Socket, createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import ssh2, { type Connection, type Session } from 'ssh2';
import type { SwitchFaults } from '../faults/switch-faults.js';
import { type HostKey, loadOrCreateHostKey } from './host-key.store.js';
import { type SshUser, sshAuthenticator } from './ssh-users.js';

export interface SshListenerOptions {
  /** Listen address; loopback unless the caller says otherwise. */
  host?: string;
  /** 0 (the default) picks a free port; read it back from `port`. */
  port?: number;
  /** Where the host key lives; created on first start and reused afterwards (one switch, one key). */
  hostKeyPath: string;
  users: readonly SshUser[];
  /** The switch's injected faults: refuse-login fails every authentication while set. */
  faults?: SwitchFaults;
  log?: (message: string) => void;
}

/** Called for every SSH session channel of an authenticated user: the service decides what it offers. */
export type SshSessionHandler = (session: Session, username: string, connection: Connection) => void;

/**
 * One listening SSH endpoint of the emulated switch (NETCONF or CLI): host key, logins, and a
 * shutdown that does not hang. We own the TCP sockets and inject them into ssh2, so close() can
 * destroy what a peer leaves half-open instead of waiting on it forever.
 */
export class SshListener {
  private readonly connections = new Set<Connection>();
  private readonly sockets = new Set<Socket>();
  private listeningPort = 0;

  private constructor(
    private readonly listener: Server,
    readonly hostKey: HostKey,
  ) {}

  static async start(options: SshListenerOptions, onSession: SshSessionHandler): Promise<SshListener> {
    const hostKey = loadOrCreateHostKey(options.hostKeyPath);
    const authenticate = sshAuthenticator(options.users, options.faults);
    let instance: SshListener | undefined;
    const ssh = new ssh2.Server({ hostKeys: [hostKey.privateKey] }, (connection) => instance!.accept(connection, authenticate, onSession, options.log));
    const listener = createServer((socket) => {
      instance!.sockets.add(socket);
      socket.once('close', () => instance!.sockets.delete(socket));
      ssh.injectSocket(socket);
    });
    instance = new SshListener(listener, hostKey);
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

  /** Stops listening and ends every connection (politely, then by force after a grace period). */
  async close(): Promise<void> {
    for (const connection of this.connections) connection.end();
    const stopped = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    const deadline = Date.now() + 1_000;
    while (this.sockets.size > 0 && Date.now() < deadline) await delay(10);
    for (const socket of this.sockets) socket.destroy();
    await stopped;
  }

  private accept(connection: Connection, authenticate: ReturnType<typeof sshAuthenticator>, onSession: SshSessionHandler, log?: (m: string) => void): void {
    this.connections.add(connection);
    connection.on('close', () => this.connections.delete(connection));
    // A client that vanishes mid-handshake is routine, not a crash.
    connection.on('error', (error: Error) => log?.(`ssh connection error: ${error.message}`));
    let username = '';
    connection.on('authentication', (ctx) => {
      username = ctx.username;
      authenticate(ctx);
    });
    connection.on('ready', () => {
      connection.on('session', (acceptSession) => onSession(acceptSession(), username, connection));
    });
  }
}
