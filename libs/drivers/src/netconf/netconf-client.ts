import type { Client, ClientChannel } from 'ssh2';
import { DeviceError } from '../device-error.js';
import type { PresentedHostKey } from '../ssh/host-key.js';
import { type SshConnectOptions, connectSsh } from '../ssh/ssh-connect.js';
import { hasCapability } from './capabilities.js';
import type { NetconfFraming } from './framing.js';
import type { RpcReply } from './messages.js';
import { NetconfClientSession, type NetconfClientSessionOptions, type RpcOptions } from './netconf-client-session.js';
import {
  type CommitOptions,
  type Datastore,
  type EditConfigOptions,
  type NetconfFilter,
  cancelCommitRpc,
  commitRpc,
  discardChangesRpc,
  editConfigRpc,
  getConfigRpc,
  getRpc,
  killSessionRpc,
  lockRpc,
  unlockRpc,
  validateRpc,
} from './operations.js';

export interface NetconfClientOptions extends Omit<SshConnectOptions, 'port'>, NetconfClientSessionOptions {
  /** Default 830, the IANA NETCONF-over-SSH port. */
  port?: number;
}

/**
 * A NETCONF client over SSH (RFC 6242): the `netconf` subsystem of an ssh2 connection, with the
 * RFC 6241 base operations as methods. Every failure is a DeviceError; rpc-errors are
 * NetconfRpcError. One instance is one session; reconnecting is the owner's decision.
 */
export class NetconfClient {
  private constructor(
    private readonly ssh: Client,
    private readonly session: NetconfClientSession,
    /** The host key the device presented (and the verifier accepted). */
    readonly hostKey: PresentedHostKey,
  ) {}

  static async connect(options: NetconfClientOptions): Promise<NetconfClient> {
    const port = options.port ?? 830;
    const { client, hostKey } = await connectSsh({ ...options, port });
    const target = `${options.host}:${port}`;
    let session: NetconfClientSession | undefined;
    // After the handshake an SSH error (keepalive timeout, reset) ends the NETCONF session;
    // say so, rather than leave the pending RPCs with a bare "channel closed".
    client.on('error', (error: Error) => {
      session?.abort(new DeviceError('TRANSIENT', `the SSH connection to ${target} failed: ${error.message}`, { cause: error }));
    });
    try {
      const channel = await openSubsystem(client, target);
      session = await NetconfClientSession.open(channel, options);
      session.onClose(() => client.end());
      return new NetconfClient(client, session, hostKey);
    } catch (error) {
      client.end();
      throw error;
    }
  }

  get sessionId(): number {
    return this.session.sessionId;
  }

  get serverCapabilities(): readonly string[] {
    return this.session.serverCapabilities;
  }

  get framing(): NetconfFraming {
    return this.session.framing;
  }

  get isOpen(): boolean {
    return this.session.isOpen;
  }

  hasCapability(uri: string): boolean {
    return hasCapability(this.session.serverCapabilities, uri);
  }

  onClose(listener: (reason: DeviceError) => void): void {
    this.session.onClose(listener);
  }

  /** Sends any operation element (unprefixed names inherit the NETCONF namespace). */
  rpc(body: string, options?: RpcOptions): Promise<RpcReply> {
    return this.session.rpc(body, options);
  }

  /** Running configuration and state; resolves to the `<data>` element. */
  async get(filter?: NetconfFilter, options?: RpcOptions): Promise<string> {
    return dataOf(await this.rpc(getRpc(filter), options), 'get');
  }

  /** Resolves to the `<data>` element, namespace declarations included, for a dialect to parse. */
  async getConfig(source: Datastore, filter?: NetconfFilter, options?: RpcOptions): Promise<string> {
    return dataOf(await this.rpc(getConfigRpc(source, filter), options), 'get-config');
  }

  async editConfig(target: Datastore, config: string, editOptions?: EditConfigOptions, options?: RpcOptions): Promise<void> {
    await this.rpc(editConfigRpc(target, config, editOptions), options);
  }

  async lock(target: Datastore, options?: RpcOptions): Promise<void> {
    await this.rpc(lockRpc(target), options);
  }

  async unlock(target: Datastore, options?: RpcOptions): Promise<void> {
    await this.rpc(unlockRpc(target), options);
  }

  async discardChanges(options?: RpcOptions): Promise<void> {
    await this.rpc(discardChangesRpc(), options);
  }

  async validate(source: Datastore | { config: string }, options?: RpcOptions): Promise<void> {
    await this.rpc(validateRpc(source), options);
  }

  async commit(commitOptions?: CommitOptions, options?: RpcOptions): Promise<void> {
    await this.rpc(commitRpc(commitOptions), options);
  }

  async cancelCommit(persistId?: string, options?: RpcOptions): Promise<void> {
    await this.rpc(cancelCommitRpc(persistId), options);
  }

  async killSession(sessionId: number, options?: RpcOptions): Promise<void> {
    await this.rpc(killSessionRpc(sessionId), options);
  }

  /** `<close-session>`, then the SSH connection. Safe to call on a session that is gone. */
  async close(): Promise<void> {
    await this.session.close();
    this.ssh.end();
  }
}

function openSubsystem(client: Client, target: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.subsys('netconf', (error, channel) => {
      if (error) reject(new DeviceError('REJECTED', `${target} refused the SSH "netconf" subsystem (is NETCONF enabled?): ${error.message}`, { cause: error }));
      else resolve(channel);
    });
  });
}

function dataOf(reply: RpcReply, operation: string): string {
  if (reply.data === undefined) throw new DeviceError('PROTOCOL', `the reply to <${operation}> has no <data>`);
  return reply.data;
}
