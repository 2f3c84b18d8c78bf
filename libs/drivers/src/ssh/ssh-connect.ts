import ssh2, { type Client, type ConnectConfig } from 'ssh2';
import { DeviceError } from '../device-error.js';
import { type HostKeyVerifier, type PresentedHostKey, describeHostKey } from './host-key.js';

export interface SshConnectOptions {
  host: string;
  port: number;
  username: string;
  password?: string;
  /** An OpenSSH or PEM private key. */
  privateKey?: string | Buffer;
  passphrase?: string;
  /** Required on purpose: an unverified host key is a decision the caller must make explicitly. */
  verifyHostKey: HostKeyVerifier;
  /** TCP connect + SSH handshake + authentication. Default 20 s. */
  connectTimeoutMs?: number;
  /** SSH-level keepalive, which is how a dead peer is noticed on an idle session. Default 15 s; 0 disables. */
  keepaliveIntervalMs?: number;
  /** Unanswered keepalives before the connection is declared dead. Default 3. */
  keepaliveCountMax?: number;
}

export interface SshConnection {
  client: Client;
  hostKey: PresentedHostKey;
}

/** Opens an authenticated SSH connection, or fails with a DeviceError whose code says why. */
export function connectSsh(options: SshConnectOptions): Promise<SshConnection> {
  const target = `${options.username}@${options.host}:${options.port}`;
  const client = new ssh2.Client();
  let hostKey: PresentedHostKey | undefined;
  let refusal: DeviceError | undefined;

  const config: ConnectConfig = {
    host: options.host,
    port: options.port,
    username: options.username,
    readyTimeout: options.connectTimeoutMs ?? 20_000,
    keepaliveInterval: options.keepaliveIntervalMs ?? 15_000,
    keepaliveCountMax: options.keepaliveCountMax ?? 3,
    // Async form: ssh2 waits for `verify` when the function returns undefined.
    hostVerifier: (blob: Buffer, verify: (accepted: boolean) => void): void => {
      hostKey = describeHostKey(blob);
      const presented = hostKey;
      Promise.resolve()
        .then(() => options.verifyHostKey(presented))
        .then(
          (accepted) => {
            if (!accepted) refusal = new DeviceError('HOST_KEY', `host key ${presented.algorithm} ${presented.fingerprint} of ${target} was refused by the host-key verifier`);
            verify(accepted);
          },
          (error: unknown) => {
            refusal = error instanceof DeviceError ? error : new DeviceError('HOST_KEY', `host-key verification of ${target} failed: ${String(error)}`, { cause: error });
            verify(false);
          },
        );
    },
  };
  if (options.password !== undefined) config.password = options.password;
  if (options.privateKey !== undefined) config.privateKey = options.privateKey;
  if (options.passphrase !== undefined) config.passphrase = options.passphrase;

  return new Promise<SshConnection>((resolve, reject) => {
    const fail = (error: Error): void => {
      client.removeListener('ready', ready);
      // ssh2 may report one failure twice (ECONNREFUSED, then "Connection lost before handshake"):
      // the first decides, later ones must not become unhandled 'error' events.
      client.on('error', () => undefined);
      client.end();
      reject(refusal ?? sshConnectError(error, target));
    };
    const closedEarly = (): void => fail(new Error('the connection closed during the SSH handshake'));
    const ready = (): void => {
      client.removeListener('error', fail);
      client.removeListener('close', closedEarly);
      resolve({ client, hostKey: hostKey! });
    };
    client.once('ready', ready);
    client.once('error', fail);
    client.once('close', closedEarly);
    try {
      client.connect(config);
    } catch (error) {
      // ssh2 throws synchronously for unusable options, such as a private key it cannot parse.
      reject(new DeviceError('AUTH', `cannot use the SSH credentials for ${target}: ${(error as Error).message}`, { cause: error }));
    }
  });
}

/** Classifies an ssh2 error raised before or during a session. */
export function sshConnectError(error: Error & { level?: string }, target: string): DeviceError {
  if (error instanceof DeviceError) return error;
  const cause = { cause: error };
  switch (error.level) {
    case 'client-authentication':
      return new DeviceError('AUTH', `SSH authentication to ${target} failed: ${error.message}`, cause);
    case 'client-timeout':
      return new DeviceError('TIMEOUT', `SSH to ${target}: ${error.message}`, cause);
    case 'protocol':
    case 'handshake':
      return new DeviceError('PROTOCOL', `SSH to ${target}: ${error.message}`, cause);
  }
  // Socket errors (refused, reset, unreachable…) and anything unrecognised: worth another try.
  return new DeviceError('TRANSIENT', `SSH to ${target}: ${error.message}`, cause);
}
