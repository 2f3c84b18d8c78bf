import { Capability, type FramingLimits } from '#drivers';
import type { ServerChannel } from 'ssh2';
import type { HostKey } from '../ssh/host-key.store.js';
import { SshListener } from '../ssh/ssh-listener.js';
import type { SshUser } from '../ssh/ssh-users.js';
import type { SwitchFaults } from '../faults/switch-faults.js';
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
  /** The switch's injected faults (reply latency, drops on commit, refused logins). */
  faults?: SwitchFaults;
  log?: (message: string) => void;
}

/**
 * NETCONF over SSH (RFC 6242) for the emulated switch: an ssh2 server offering the `netconf`
 * subsystem, one NetconfServerSession per subsystem channel, session-ids unique per server.
 */
export class NetconfServer {
  private readonly sessionsById = new Map<number, NetconfServerSession>();
  private nextSessionId = 1;
  private constructor(
    private readonly ssh: SshListener,
    private readonly options: NetconfServerOptions,
  ) {}

  static async start(options: NetconfServerOptions): Promise<NetconfServer> {
    let instance: NetconfServer | undefined;
    const ssh = await SshListener.start(options, (sshSession, username, connection) => {
      sshSession.on('subsystem', (acceptSubsystem, rejectSubsystem, info) => {
        if (info.name !== 'netconf') return rejectSubsystem();
        instance!.open(acceptSubsystem(), username, () => connection.end());
      });
    });
    instance = new NetconfServer(ssh, options);
    return instance;
  }

  get port(): number {
    return this.ssh.port;
  }

  get hostKey(): HostKey {
    return this.ssh.hostKey;
  }

  /** Open NETCONF sessions, oldest first. */
  sessions(): NetconfServerSession[] {
    return [...this.sessionsById.values()];
  }

  /** Stops listening and ends every session and connection. */
  async close(): Promise<void> {
    for (const session of this.sessions()) session.end('server shutting down');
    await this.ssh.close();
  }

  private open(channel: ServerChannel, username: string, endConnection: () => void): void {
    const session = new NetconfServerSession(this.nextSessionId++, username, channel, endConnection, this.sessionHost());
    this.sessionsById.set(session.id, session);
    session.start();
  }

  private sessionHost(): NetconfSessionHost {
    const versions = this.options.baseVersions ?? ['1.0', '1.1'];
    const bases = versions.map((v) => (v === '1.0' ? Capability.base10 : Capability.base11));
    return {
      capabilities: [...bases, ...this.options.handler.capabilities],
      handler: this.options.handler,
      helloTimeoutMs: this.options.helloTimeoutMs ?? 30_000,
      ...(this.options.limits ? { limits: this.options.limits } : {}),
      ...(this.options.faults ? { faults: this.options.faults } : {}),
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
