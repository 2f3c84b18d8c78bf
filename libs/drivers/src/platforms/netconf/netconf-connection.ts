import { DeviceError } from '../../device-error.js';
import type { DeviceTarget } from '../../driver/device-driver.js';
import { NetconfClient } from '../../netconf/netconf-client.js';
import type { PresentedHostKey } from '../../ssh/host-key.js';
import { type NetconfDriverOptions, hostKeyVerifierFor, withBackoff } from './driver-options.js';

const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;
const DEFAULT_RPC_TIMEOUT_MS = 60_000;

/**
 * The NETCONF session a driver works through. `open` connects once (a refused first connection
 * is the caller's to retry: its job has a retry policy); afterwards, a session the device or the
 * network dropped is replaced on next use, with exponential backoff for TRANSIENT failures, so a
 * long-lived driver survives a switch reboot or a killed session. What the old session held (its
 * locks, its uncommitted candidate) is gone: drivers compare `sessionId`s to notice.
 */
export class NetconfConnection {
  private client: NetconfClient | undefined;
  private connecting: Promise<NetconfClient> | undefined;
  private opened = false;
  private closed = false;
  private lastDrop: DeviceError | undefined;
  private reconnectCount = 0;

  constructor(
    readonly target: DeviceTarget,
    private readonly options: NetconfDriverOptions,
    private readonly platform: string,
  ) {}

  /** `leaf-1 (127.0.0.1:830)`: how errors name the device. */
  get device(): string {
    return `${this.target.name} (${this.target.host}:${this.target.port})`;
  }

  /** The host key of the current (or last) session. */
  get hostKey(): PresentedHostKey | undefined {
    return this.client?.hostKey;
  }

  /** The current session, if one is open. */
  get current(): NetconfClient | undefined {
    return this.client?.isOpen ? this.client : undefined;
  }

  /** How many times a dropped session was replaced. */
  get reconnects(): number {
    return this.reconnectCount;
  }

  /** Why the previous session ended, when it was not closed by us. */
  get lastDropReason(): DeviceError | undefined {
    return this.lastDrop;
  }

  async open(): Promise<NetconfClient> {
    if (this.closed) throw this.closedError();
    if (this.opened) return this.session();
    const client = await this.connectOnce();
    this.opened = true;
    return client;
  }

  /** The live session, replacing a dropped one (with backoff) first. */
  async session(): Promise<NetconfClient> {
    if (this.closed) throw this.closedError();
    if (!this.opened) throw new DeviceError('REJECTED', `the ${this.platform} driver for ${this.device} is not open: call open() first`);
    if (this.client?.isOpen) return this.client;
    this.connecting ??= withBackoff(() => this.connectOnce(), this.options.reconnect)
      .then((client) => {
        this.reconnectCount++;
        return client;
      })
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  /**
   * Runs a read-only operation; when the session drops under it, runs it once more on a new
   * session (reads are safe to repeat, writes are not: those fail and say so).
   */
  async read<T>(operation: (client: NetconfClient) => Promise<T>): Promise<T> {
    const client = await this.session();
    try {
      return await operation(client);
    } catch (error) {
      if (!(error instanceof DeviceError) || error.code !== 'TRANSIENT' || client.isOpen) throw error;
      return operation(await this.session());
    }
  }

  /** Ends the session; the connection cannot be used again. */
  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await this.connecting?.catch(() => undefined);
    await client?.close();
  }

  private async connectOnce(): Promise<NetconfClient> {
    const t = this.target;
    const connectTimeoutMs = this.options.connectTimeoutMs ?? t.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const client = await NetconfClient.connect({
      host: t.host,
      port: t.port,
      username: t.username,
      ...(t.password !== undefined ? { password: t.password } : {}),
      ...(t.privateKey !== undefined ? { privateKey: t.privateKey } : {}),
      verifyHostKey: hostKeyVerifierFor(t, this.options),
      connectTimeoutMs,
      helloTimeoutMs: connectTimeoutMs,
      rpcTimeoutMs: this.options.rpcTimeoutMs ?? t.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS,
      ...(this.options.keepaliveIntervalMs !== undefined ? { keepaliveIntervalMs: this.options.keepaliveIntervalMs } : {}),
      ...(this.options.keepaliveCountMax !== undefined ? { keepaliveCountMax: this.options.keepaliveCountMax } : {}),
    });
    if (this.closed) {
      await client.close();
      throw this.closedError();
    }
    client.onClose((reason) => {
      if (this.client === client && !this.closed) this.lastDrop = reason;
    });
    this.client = client;
    return client;
  }

  private closedError(): DeviceError {
    return new DeviceError('REJECTED', `the ${this.platform} driver for ${this.device} is closed`);
  }
}
