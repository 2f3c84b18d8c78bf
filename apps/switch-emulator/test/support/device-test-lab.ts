import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceIntent, DeviceRole } from '#intent';
import { NetconfClient, pinnedHostKey } from '#drivers';
import { DeviceRpcHandler } from '../../src/device/device-rpc-handler.js';
import { SwitchConfigStore } from '../../src/device/switch-config-store.js';
import { NetconfServer } from '../../src/netconf/netconf-server.js';
import { USER } from './netconf-test-lab.js';

const REPO_ROOT = join(import.meta.dirname, '../../../..');

/** `fixtures/cases/<case>/intent/<device>.json`, a fresh copy each call. */
export function fixtureIntent(caseName: string, device: string): DeviceIntent {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures/cases', caseName, 'intent', `${device}.json`), 'utf8')) as DeviceIntent;
}

/** One emulated switch's configuration datastore behind a NETCONF server on 127.0.0.1; close() cleans up. */
export class DeviceTestLab {
  readonly clients: NetconfClient[] = [];

  private constructor(
    readonly store: SwitchConfigStore,
    readonly server: NetconfServer,
    private readonly stateDir: string,
  ) {}

  static async start(device: string, role: DeviceRole): Promise<DeviceTestLab> {
    const stateDir = mkdtempSync(join(tmpdir(), 'spinel-device-'));
    const store = new SwitchConfigStore({ device, role });
    try {
      const server = await NetconfServer.start({
        host: '127.0.0.1',
        hostKeyPath: join(stateDir, 'ssh_host_ed25519_key'),
        users: [USER],
        handler: new DeviceRpcHandler(store),
      });
      return new DeviceTestLab(store, server, stateDir);
    } catch (error) {
      rmSync(stateDir, { recursive: true, force: true });
      throw error;
    }
  }

  async connect(): Promise<NetconfClient> {
    const client = await NetconfClient.connect({
      host: '127.0.0.1',
      port: this.server.port,
      ...USER,
      verifyHostKey: pinnedHostKey(this.server.hostKey.fingerprint),
      connectTimeoutMs: 5_000,
      rpcTimeoutMs: 10_000,
    });
    this.clients.push(client);
    return client;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
    await this.server.close();
    this.store.dispose();
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}
