import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceError, NetconfClient, NetconfRpcError, type NetconfClientOptions, pinnedHostKey } from '#drivers';
import { type EmulatedSwitch, type EmulatedSwitchOptions, startEmulatedSwitch } from '../../src/emulated-switch.js';
import { CliTestShell } from './cli-test-shell.js';
import { USER } from './netconf-test-lab.js';

/**
 * One whole emulated switch (`startEmulatedSwitch`: NETCONF + CLI over one store, with its state
 * directory) on 127.0.0.1, restartable on the same state directory; close() cleans up.
 */
export class SwitchTestLab {
  readonly clients: NetconfClient[] = [];
  readonly shells: CliTestShell[] = [];
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
export async function deviceError(promise: Promise<unknown>): Promise<DeviceError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof DeviceError)) throw new Error(`expected a DeviceError, got ${outcome instanceof Error ? outcome.message : String(outcome)}`);
  return outcome;
}
