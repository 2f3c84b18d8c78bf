import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import ssh2, { type ClientChannel } from 'ssh2';
import { DeviceError, NetconfClient, NetconfRpcError, type NetconfClientOptions, pinnedHostKey, sshFingerprint } from '#drivers';
import { type EmulatedSwitch, type EmulatedSwitchOptions, startEmulatedSwitch } from '../../src/emulated-switch.js';
import { CliTestShell } from './cli-test-shell.js';
import { USER } from './netconf-test-lab.js';
import { deviceError } from '../../../../libs/drivers/test/support/device-error-of.js';

/**
 * One whole emulated switch (`startEmulatedSwitch`: NETCONF + CLI over one store, with its state
 * directory) on 127.0.0.1, restartable on the same state directory; close() cleans up.
 */
export class SwitchTestLab {
  readonly clients: NetconfClient[] = [];
  readonly shells: CliTestShell[] = [];
  readonly rawShells: RawCliShell[] = [];
  sw!: EmulatedSwitch;
  /** The switch while it runs (stopping twice is harmless). */
  private running: EmulatedSwitch | undefined;

  private constructor(
    readonly stateDir: string,
    private readonly options: Partial<EmulatedSwitchOptions>,
  ) {}

  static async start(options: Partial<EmulatedSwitchOptions> = {}): Promise<SwitchTestLab> {
    const lab = new SwitchTestLab(mkdtempSync(join(tmpdir(), 'spinel-switch-')), options);
    try {
      await lab.startSwitch();
    } catch (error) {
      rmSync(lab.stateDir, { recursive: true, force: true });
      throw error;
    }
    return lab;
  }

  get switchOptions(): EmulatedSwitchOptions {
    return { name: 'leaf-1', role: 'leaf', netconfPort: 0, cliPort: 0, users: [USER], stateDir: this.stateDir, ...this.options };
  }

  async startSwitch(): Promise<EmulatedSwitch> {
    this.sw = await startEmulatedSwitch(this.switchOptions);
    this.running = this.sw;
    return this.sw;
  }

  /** Stops the switch (every session with it) and starts it again on the same state directory. */
  async restart(): Promise<EmulatedSwitch> {
    await this.stopSwitch();
    return this.startSwitch();
  }

  async stopSwitch(): Promise<void> {
    await Promise.all(this.shells.splice(0).map((s) => s.close()));
    await Promise.all(this.rawShells.splice(0).map((s) => s.close()));
    await Promise.all(this.clients.splice(0).map((c) => c.close()));
    const sw = this.running;
    this.running = undefined;
    await sw?.close();
  }

  async connect(options: Partial<NetconfClientOptions> = {}): Promise<NetconfClient> {
    const client = await NetconfClient.connect(this.clientOptions(options));
    this.clients.push(client);
    return client;
  }

  clientOptions(options: Partial<NetconfClientOptions> = {}): NetconfClientOptions {
    return {
      host: '127.0.0.1',
      port: this.sw.netconf.port,
      ...USER,
      verifyHostKey: pinnedHostKey(this.sw.netconf.hostKey.fingerprint),
      connectTimeoutMs: 5_000,
      rpcTimeoutMs: 10_000,
      ...options,
    };
  }

  /** An SSH shell on the CLI, in user view. */
  async login(): Promise<CliTestShell> {
    const shell = await CliTestShell.open(this.sw.cli.port, USER, this.sw.cli.hostKey.fingerprint);
    this.shells.push(shell);
    return shell;
  }

  /** A bare shell on the CLI (see RawCliShell), in user view. */
  async rawLogin(): Promise<RawCliShell> {
    const shell = await RawCliShell.open(this.sw.cli.port, this.sw.cli.hostKey.fingerprint);
    this.rawShells.push(shell);
    return shell;
  }

  async close(): Promise<void> {
    await this.stopSwitch();
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

/** The rpc-error a promise rejects with; fails the test on success or on another error. */
export async function rpcError(promise: Promise<unknown>): Promise<NetconfRpcError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof NetconfRpcError)) throw new Error(`expected an rpc-error, got ${outcome instanceof Error ? outcome.message : String(outcome)}`);
  return outcome;
}

/** The DeviceError a promise rejects with; fails the test on success or on anything else. */
export { deviceError };

/**
 * A bare SSH shell on the CLI for watching the connection itself: what arrives, and whether the
 * switch cut it. `type` resolves at the next prompt or when the connection is gone.
 */
export class RawCliShell {
  output = '';
  closed = false;
  private readonly ended: Promise<void>;

  private constructor(
    private readonly client: ssh2.Client,
    private readonly channel: ClientChannel,
  ) {
    this.ended = new Promise<void>((resolve) =>
      client.once('close', () => {
        this.closed = true;
        resolve();
      }),
    );
    channel.on('data', (data: Buffer) => {
      this.output += data.toString('utf8');
    });
  }

  static async open(port: number, fingerprint: string, user: { username: string; password: string } = USER): Promise<RawCliShell> {
    const client = new ssh2.Client();
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve()).once('error', reject);
      client.connect({ host: '127.0.0.1', port, ...user, readyTimeout: 5_000, hostVerifier: (key: Buffer) => sshFingerprint(key) === fingerprint });
    });
    const channel = await new Promise<ClientChannel>((resolve, reject) => client.shell({ term: 'vt100', cols: 200 }, (error, stream) => (error ? reject(error) : resolve(stream))));
    const shell = new RawCliShell(client, channel);
    await shell.untilPromptOrClose();
    return shell;
  }

  /** Types a line; resolves with what came after it, at the next prompt or once the connection is gone. */
  async type(line: string): Promise<string> {
    this.output = '';
    this.channel.write(`${line}\r`);
    await this.untilPromptOrClose();
    return this.output;
  }

  async close(): Promise<void> {
    this.client.end();
    await this.ended;
  }

  private async untilPromptOrClose(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && !/(<[^<>\r\n]+>|\[[~*][^\]\r\n]+\])$/.test(this.output)) {
      if (Date.now() > deadline) throw new Error(`no prompt after ${timeoutMs} ms; got ${JSON.stringify(this.output)}`);
      await delay(20);
    }
  }
}
