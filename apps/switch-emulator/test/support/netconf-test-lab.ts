import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { NetconfClient, type NetconfClientOptions, pinnedHostKey } from '#drivers';
import { NetconfServer, type NetconfServerOptions } from '../../src/netconf/netconf-server.js';
import type { NetconfRpcHandler } from '../../src/netconf/netconf-rpc-handler.js';
import { TransportTestRpcHandler } from '../../src/netconf/transport-test-handler.js';

export const FAULTS_NS = 'urn:spinel:test:faults';
export const USER = { username: 'admin', password: 'admin-password' };

/**
 * Test-only operations in their own namespace, on top of the transport test handler:
 * `<sleep>ms</sleep>` answers after a delay with `<data><slept>ms</slept></data>`, `<drop/>` cuts
 * the connection without a reply.
 */
export function withTestFaults(inner: NetconfRpcHandler): NetconfRpcHandler {
  return {
    capabilities: inner.capabilities,
    supports: (op, ns) => (ns === FAULTS_NS && (op === 'sleep' || op === 'drop')) || inner.supports(op, ns),
    async handle(session, name, op) {
      if (op.namespace !== FAULTS_NS) return inner.handle(session, name, op);
      if (name === 'drop') {
        session.drop();
        return '<ok/>';
      }
      const ms = Number(op.text());
      await delay(ms);
      return `<data><slept xmlns="${FAULTS_NS}">${ms}</slept></data>`;
    },
    sessionEnded: (session) => inner.sessionEnded?.(session),
  };
}

/** One emulated NETCONF endpoint on 127.0.0.1 with its own state directory; close() cleans up. */
export class NetconfTestLab {
  readonly handler = new TransportTestRpcHandler();
  readonly clients: NetconfClient[] = [];
  /** The server's log lines (session ends, with their framing and reason). */
  readonly logs: string[] = [];
  server!: NetconfServer;

  private constructor(
    readonly stateDir: string,
    private readonly serverOptions: Partial<NetconfServerOptions>,
  ) {}

  static async start(serverOptions: Partial<NetconfServerOptions> = {}): Promise<NetconfTestLab> {
    const lab = new NetconfTestLab(mkdtempSync(join(tmpdir(), 'spinel-netconf-')), serverOptions);
    try {
      await lab.startServer();
    } catch (error) {
      rmSync(lab.stateDir, { recursive: true, force: true });
      throw error;
    }
    return lab;
  }

  get hostKeyPath(): string {
    return join(this.stateDir, 'ssh_host_ed25519_key');
  }

  async startServer(): Promise<NetconfServer> {
    this.server = await NetconfServer.start({
      hostKeyPath: this.hostKeyPath,
      users: [USER],
      handler: withTestFaults(this.handler),
      log: (line) => this.logs.push(line),
      ...this.serverOptions,
    });
    return this.server;
  }

  /** Connects as admin, pinning the server's current host key unless told otherwise. */
  async connect(options: Partial<NetconfClientOptions> = {}): Promise<NetconfClient> {
    const client = await NetconfClient.connect(this.clientOptions(options));
    this.clients.push(client);
    return client;
  }

  clientOptions(options: Partial<NetconfClientOptions> = {}): NetconfClientOptions {
    return {
      host: '127.0.0.1',
      port: this.server.port,
      ...USER,
      verifyHostKey: pinnedHostKey(this.server.hostKey.fingerprint),
      connectTimeoutMs: 5_000,
      rpcTimeoutMs: 5_000,
      ...options,
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
    await this.server?.close();
    this.handler.dispose();
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

/** Polls until `check` holds (for effects that happen on the server's own schedule). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await delay(20);
  }
}
