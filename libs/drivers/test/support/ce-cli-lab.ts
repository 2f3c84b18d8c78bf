import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceIntent, DeviceRole } from '#intent';
import { CeCliDriver, type CeCliDriverOptions, type DeviceTarget } from '#drivers';
import { CliServer } from '../../../../apps/switch-emulator/src/cli/cli-server.js';
import { type EmulatedSwitch, startEmulatedSwitch } from '../../../../apps/switch-emulator/src/emulated-switch.js';

const REPO_ROOT = join(import.meta.dirname, '../../../..');
export const USER = { username: 'admin', password: 'admin-password' };

/** `fixtures/cases/<case>/intent/<device>.json`, a fresh copy each call. */
export function fixtureIntent(caseName: string, device: string): DeviceIntent {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures/cases', caseName, 'intent', `${device}.json`), 'utf8')) as DeviceIntent;
}

/** One emulated switch on 127.0.0.1 (ports picked by the system) and the ce-cli drivers opened on it; close() stops all. */
export class CeCliLab {
  private readonly drivers: CeCliDriver[] = [];
  /** A CLI endpoint started again by restartCli(), on the same port and host key. */
  private restarted: CliServer | undefined;

  private constructor(
    readonly device: EmulatedSwitch,
    readonly role: DeviceRole,
    private readonly stateDir: string,
  ) {}

  static async start(name: string, role: DeviceRole): Promise<CeCliLab> {
    const stateDir = mkdtempSync(join(tmpdir(), 'spinel-ce-cli-'));
    try {
      const device = await startEmulatedSwitch({ name, role, netconfPort: 0, cliPort: 0, users: [USER], stateDir });
      return new CeCliLab(device, role, stateDir);
    } catch (error) {
      rmSync(stateDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Drops every CLI login (the switch's CLI restarts on the same port, same key, same configuration). */
  async restartCli(): Promise<void> {
    const port = this.device.cli.port;
    await (this.restarted ?? this.device.cli).close();
    this.restarted = await CliServer.start({ host: '127.0.0.1', port, hostKeyPath: join(this.stateDir, 'ssh_host_ed25519_key'), users: [USER], store: this.device.store, firstSessionId: 200_001 });
  }

  get store() {
    return this.device.store;
  }

  target(overrides: Partial<DeviceTarget> = {}): DeviceTarget {
    return {
      name: this.device.name,
      role: this.role,
      platform: 'ce-cli',
      host: '127.0.0.1',
      port: this.device.cli.port,
      ...USER,
      pinnedHostKey: this.device.cli.hostKey.fingerprint,
      timeoutMs: 10_000,
      ...overrides,
    };
  }

  /** A driver for this switch, opened; closed by close(). */
  async driver(overrides: Partial<DeviceTarget> = {}, options: CeCliDriverOptions = {}): Promise<CeCliDriver> {
    const driver = new CeCliDriver(this.target(overrides), options);
    this.drivers.push(driver);
    await driver.open();
    return driver;
  }

  async close(): Promise<void> {
    await Promise.all(this.drivers.splice(0).map((d) => d.close()));
    await this.restarted?.close();
    await this.device.close();
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}
