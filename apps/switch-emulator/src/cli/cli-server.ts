import { type Server, type Socket, createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import ssh2, { type Connection, type ServerChannel } from 'ssh2';
import type { SwitchConfigStore } from '../device/switch-config-store.js';
import { type HostKey, loadOrCreateHostKey } from '../ssh/host-key.store.js';
import { type SshUser, sshAuthenticator } from '../ssh/ssh-users.js';
import { CliConfigAccess } from './cli-config-access.js';
import { CliSession } from './cli-session.js';

export interface CliServerOptions {
  /** Listen address; loopback unless the caller says otherwise. */
  host?: string;
  /** 0 (the default) picks a free port; read it back from `port`. */
  port?: number;
  /** Where the host key lives; the NETCONF server's file may be shared: one switch, one key. */
  hostKeyPath: string;
  users: readonly SshUser[];
  store: SwitchConfigStore;
  /**
   * Session ids the CLI writes to the commit log under. They must not collide with the NETCONF
   * server's (which counts from 1), so they start high by default.
   */
  firstSessionId?: number;
  log?: (message: string) => void;
}

/**
 * The emulated switch's CLI over SSH (`shell` channels): one CliSession per shell, over the same
 * SwitchConfigStore as NETCONF. A second listening port beside the NETCONF one, as the switch's
 * `--cli-port`.
 */
export class CliServer {
  private readonly connections = new Set<Connection>();
  private readonly sockets = new Set<Socket>();
  private readonly config: CliConfigAccess;
  private nextSessionId: number;
  private listeningPort = 0;

  private constructor(
    private readonly listener: Server,
    private readonly options: CliServerOptions,
    readonly hostKey: HostKey,
  ) {
    this.config = new CliConfigAccess(options.store);
    this.nextSessionId = options.firstSessionId ?? 100_001;
  }

  static async start(options: CliServerOptions): Promise<CliServer> {
    const hostKey = loadOrCreateHostKey(options.hostKeyPath);
    const authenticate = sshAuthenticator(options.users);
    let instance: CliServer | undefined;
    const ssh = new ssh2.Server({ hostKeys: [hostKey.privateKey] }, (connection) => instance!.accept(connection, authenticate));
    // As NetconfServer: own the sockets so that close() can end what a peer leaves half-open.
    const listener = createServer((socket) => {
      instance!.sockets.add(socket);
      socket.once('close', () => instance!.sockets.delete(socket));
      ssh.injectSocket(socket);
    });
    instance = new CliServer(listener, options, hostKey);
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

  private accept(connection: Connection, authenticate: ReturnType<typeof sshAuthenticator>): void {
    this.connections.add(connection);
    connection.on('close', () => this.connections.delete(connection));
    connection.on('error', (error: Error) => this.options.log?.(`ssh connection error: ${error.message}`));
    let username = '';
    connection.on('authentication', (ctx) => {
      username = ctx.username;
      authenticate(ctx);
    });
    connection.on('ready', () => {
      connection.on('session', (acceptSession) => {
        const sshSession = acceptSession();
        sshSession.on('pty', (acceptPty) => acceptPty?.());
        sshSession.on('window-change', (acceptChange) => acceptChange?.());
        sshSession.on('env', (acceptEnv) => acceptEnv?.());
        sshSession.on('subsystem', (_accept, reject) => reject());
        sshSession.on('exec', (_accept, reject) => reject());
        sshSession.on('shell', (acceptShell) => {
          const session = new CliSession(this.config, { sessionId: this.nextSessionId++, username });
          serveTerminal(acceptShell(), session, () => connection.end());
        });
      });
    });
  }
}

/**
 * The terminal side of a shell: echo what is typed, cut it into lines (CR, LF or CRLF), answer
 * each with the session's output and prompt. A line typed while an earlier one is answered waits.
 */
function serveTerminal(channel: ServerChannel, session: CliSession, hangUp: () => void): void {
  let line = '';
  let lastWasCr = false;
  let closed = false;
  // What one chunk of input makes the switch print goes out in one write, not a packet per echoed key.
  let pending = '';
  const write = (text: string) => {
    pending += text;
  };
  const flush = () => {
    if (!closed && pending) channel.write(pending);
    pending = '';
  };
  channel.write(`\r\n${session.prompt()}`);
  channel.on('data', (chunk: Buffer) => {
    for (const ch of chunk.toString('utf8')) {
      if (closed) break;
      if (ch === '\n' && lastWasCr) {
        lastWasCr = false;
        continue;
      }
      lastWasCr = ch === '\r';
      if (ch === '\r' || ch === '\n') {
        write('\r\n');
        const reply = answer(session, line);
        line = '';
        write(reply.output);
        if (reply.close) {
          flush();
          closed = true;
          channel.end();
          hangUp();
          return;
        }
        write(session.prompt());
      } else if (ch === '\x7f' || ch === '\b') {
        if (line.length > 0) {
          line = line.slice(0, -1);
          write('\b \b');
        }
      } else if (ch === '\x03') {
        line = '';
        write(`^C\r\n${session.prompt()}`);
      } else if (ch >= ' ') {
        line += ch;
        write(ch);
      }
    }
    flush();
  });
  channel.on('close', () => {
    closed = true;
  });
}

/** A bug in the emulator answers the line with an error instead of taking the switch down. */
function answer(session: CliSession, line: string): { output: string; close?: boolean } {
  try {
    return session.input(line);
  } catch (error) {
    return { output: `Error: Internal error: ${error instanceof Error ? error.message : String(error)}.\r\n` };
  }
}
