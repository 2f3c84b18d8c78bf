import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DeviceDriver, type DeviceTarget, createDefaultRegistry } from '#drivers';
import type { DeviceIntent } from '#intent';
import { ApiClient, expectStatus, provisionDatabase } from '#testing';
import { CliTestShell } from '../apps/switch-emulator/test/support/cli-test-shell.js';
import { eventually } from '../libs/drivers/test/contract/driver-contract.js';
import { DEMO_PORT_SPAN } from '../apps/controller/src/demo-fabric/demo-fabric.config.js';
import { ControllerProcess, freePortRange, isListening } from './support/controller-process.js';

const TOKEN = 'spn_demo-fabric-token-00000000000000000000000';
/** The summary's last line: printed once the switches listen and the inventory is in place. */
const DEMO_READY = /-s admin@127\.0\.0\.1 netconf/;

interface DeviceView {
  id: string;
  name: string;
  role: DeviceTarget['role'];
  platform: string;
  managementHost: string;
  managementPort: number;
  username: string;
  hasPassword: boolean;
}

const demoPorts = (base: number) => [...Array(6).keys()].flatMap((i) => [base + i, base + 10 + i]);

async function listening(base: number): Promise<boolean[]> {
  return Promise.all(demoPorts(base).map((p) => isListening(p)));
}

/** Every device of the demo fabric reached the way the controller reaches it, its key checked against the controller's pin. */
async function reachEach(api: ApiClient, devices: DeviceView[], password: string): Promise<Map<string, string>> {
  const presented = new Map<string, string>();
  for (const d of devices) {
    const pin = expectStatus(await api.get(`/devices/${d.id}/host-key`), 200).pinnedFingerprint as string;
    expect(pin).toMatch(/^SHA256:/);
    presented.set(d.id, pin);
    // The drivers the controller pushes through: ce-netconf on the NETCONF port, ce-cli on the SSH CLI.
    const driver = createDefaultRegistry().driverFor({
      name: d.name,
      role: d.role,
      platform: d.platform,
      host: d.managementHost,
      port: d.managementPort,
      username: d.username,
      password,
      pinnedHostKey: pin,
    });
    await driver.open();
    try {
      expect((await driver.facts()).hostname).toMatch(/^(spine|leaf)-\d/);
      if (d.platform === 'ce-cli') expect((await driver.lldpNeighbors()).map((n) => n.remoteSystem)).toContain('spine-1');
    } finally {
      await driver.close();
    }
  }
  return presented;
}

describe('npm start on the embedded default runs the demo fabric', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'spinel-demo-'));
  let base: number;
  let firstIds: string[];
  let firstPins: Map<string, string>;
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('seeds the inventory, serves six cabled switches on its ports, and closes them all on SIGTERM', async () => {
    base = await freePortRange(DEMO_PORT_SPAN);
    const controller = await ControllerProcess.start({ SPINEL_DATA_DIR: dataDir, SPINEL_DEMO_BASE_PORT: String(base), SPINEL_ADMIN_TOKEN: TOKEN }, DEMO_READY);
    try {
      expect(controller.stdout).toContain(`leaf-3   leaf   ce-cli      NETCONF 127.0.0.1:${base + 4}  CLI 127.0.0.1:${base + 14}`);
      const api = new ApiClient(controller.url, TOKEN);
      const fabrics = expectStatus(await api.get('/fabrics?name=demo'), 200).items;
      expect(fabrics).toEqual([expect.objectContaining({ name: 'demo', asn: 65000, underlayProtocol: 'ebgp' })]);
      const devices: DeviceView[] = expectStatus(await api.get(`/devices?fabricId=${fabrics[0].id}`), 200).items;
      const byName = Object.fromEntries(devices.map((d) => [d.name, d]));
      expect(Object.keys(byName).sort()).toEqual(['leaf-1', 'leaf-2', 'leaf-3', 'leaf-4', 'spine-1', 'spine-2']);
      expect(byName['spine-2']).toMatchObject({ role: 'spine', platform: 'ce-netconf', managementHost: '127.0.0.1', managementPort: base + 1, username: 'admin', hasPassword: true });
      expect(byName['leaf-2']).toMatchObject({ role: 'leaf', platform: 'ce-netconf', managementPort: base + 3, hasPassword: true });
      expect(byName['leaf-4']).toMatchObject({ role: 'leaf', platform: 'ce-cli', managementPort: base + 15, hasPassword: true });
      const links = expectStatus(await api.get(`/links?fabricId=${fabrics[0].id}`), 200).items;
      expect(links).toHaveLength(8);
      expect(links).toContainEqual(expect.objectContaining({ aDeviceId: byName['spine-2']!.id, aInterface: '10GE1/0/3', bDeviceId: byName['leaf-3']!.id, bInterface: '100GE1/0/2' }));

      const password = readFileSync(join(dataDir, 'switches', 'password'), 'utf8').trim();
      firstPins = await reachEach(api, devices, password);
      firstIds = devices.map((d) => d.id).sort();

      // The cabling the inventory declares is what the switches see (LLDP over NETCONF <get>).
      const spine = createDefaultRegistry().driverFor({ name: 'spine-1', role: 'spine', platform: 'ce-netconf', host: '127.0.0.1', port: base, username: 'admin', password, pinnedHostKey: firstPins.get(byName['spine-1']!.id)! });
      await spine.open();
      try {
        await eventually(async () => (await spine.lldpNeighbors()).length === 4);
        expect((await spine.lldpNeighbors()).map((n) => `${n.localInterface}>${n.remoteSystem}:${n.remoteInterface}`).sort()).toEqual([
          '10GE1/0/1>leaf-1:100GE1/0/1',
          '10GE1/0/2>leaf-2:100GE1/0/1',
          '10GE1/0/3>leaf-3:100GE1/0/1',
          '10GE1/0/4>leaf-4:100GE1/0/1',
        ]);
      } finally {
        await spine.close();
      }
      // … and over the CLI of a ce-cli leaf, to both spines.
      const shell = await CliTestShell.open(base + 14, { username: 'admin', password }, firstPins.get(byName['leaf-3']!.id)!);
      try {
        const lldp = await shell.type('display lldp neighbor brief');
        expect(lldp).toMatch(/100GE1\/0\/1\s+.*spine-1\s+.*10GE1\/0\/3/);
        expect(lldp).toMatch(/100GE1\/0\/2\s+.*spine-2\s+.*10GE1\/0\/3/);
      } finally {
        await shell.close();
      }

      expectStatus(await api.patch(`/devices/${byName['leaf-2']!.id}`, { name: 'leaf-2-lab' }), 200);
    } finally {
      expect(await controller.stop()).toBe(0);
    }
    expect(await listening(base)).toEqual(demoPorts(base).map(() => false));
  });

  it('after a restart: the same inventory (no duplicates, same ids, the rename kept) and the same host keys', async () => {
    const controller = await ControllerProcess.start({ SPINEL_DATA_DIR: dataDir, SPINEL_DEMO_BASE_PORT: String(base), SPINEL_ADMIN_TOKEN: TOKEN }, DEMO_READY);
    try {
      expect(controller.stdout).toContain('left as the operator has it');
      const api = new ApiClient(controller.url, TOKEN);
      expect(expectStatus(await api.get('/fabrics'), 200).total).toBe(1);
      const devices: DeviceView[] = expectStatus(await api.get('/devices'), 200).items;
      expect(devices.map((d) => d.id).sort()).toEqual(firstIds);
      expect(devices.map((d) => d.name).sort()).toEqual(['leaf-1', 'leaf-2-lab', 'leaf-3', 'leaf-4', 'spine-1', 'spine-2']);
      expect(expectStatus(await api.get('/links'), 200).total).toBe(8);
      const password = readFileSync(join(dataDir, 'switches', 'password'), 'utf8').trim();
      // Each switch is reached with the pin recorded at the first start: its key survived the restart.
      expect(await reachEach(api, devices, password)).toEqual(firstPins);
    } finally {
      expect(await controller.stop()).toBe(0);
    }
    expect(await listening(base)).toEqual(demoPorts(base).map(() => false));
  });

  it('is BGP-ready: the configurations Spinel compiles for the seeded inventory bring up every spine-leaf session', async () => {
    const controller = await ControllerProcess.start({ SPINEL_DATA_DIR: dataDir, SPINEL_DEMO_BASE_PORT: String(base), SPINEL_ADMIN_TOKEN: TOKEN }, DEMO_READY);
    try {
      const api = new ApiClient(controller.url, TOKEN);
      // A switch refuses a hostname other than its own: the rename of the previous test is undone first.
      const renamed = expectStatus(await api.get('/devices?name=leaf-2-lab'), 200).items[0];
      expectStatus(await api.patch(`/devices/${renamed.id}`, { name: 'leaf-2' }), 200);
      const devices: DeviceView[] = expectStatus(await api.get('/devices'), 200).items;
      const password = readFileSync(join(dataDir, 'switches', 'password'), 'utf8').trim();
      const drivers = new Map<string, DeviceDriver>();
      try {
        // The push pipeline is not what this test is about: the desired configs are loaded by hand,
        // over each switch's NETCONF port (leaves 3-4 included; their CLI shows the same store).
        const order = ['spine-1', 'spine-2', 'leaf-1', 'leaf-2', 'leaf-3', 'leaf-4'];
        for (const d of devices) {
          const netconfPort = base + order.indexOf(d.name);
          const intent = expectStatus(await api.get(`/devices/${d.id}/config?format=json`), 200) as DeviceIntent;
          const pin = expectStatus(await api.get(`/devices/${d.id}/host-key`), 200).pinnedFingerprint as string;
          const driver = createDefaultRegistry().driverFor({ name: d.name, role: d.role, platform: 'ce-netconf', host: '127.0.0.1', port: netconfPort, username: 'admin', password, pinnedHostKey: pin });
          drivers.set(d.name, driver);
          await driver.open();
          expect((await driver.facts()).hostname).toMatch(/^(spine|leaf)-\d/);
          await driver.loadCandidate(intent, 'replace');
          await driver.commit();
        }
        const established = async (name: string) => (await drivers.get(name)!.bgpNeighbors()).filter((n) => n.state === 'established').map((n) => n.peer).sort();
        await eventually(async () => (await established('spine-1')).length === 4 && (await established('spine-2')).length === 4, 20_000);
        expect(await established('leaf-1')).toEqual(['100GE1/0/1', '100GE1/0/2']);
        expect(await established('spine-2')).toEqual(['10GE1/0/1', '10GE1/0/2', '10GE1/0/3', '10GE1/0/4']);
      } finally {
        for (const driver of drivers.values()) await driver.close();
      }
    } finally {
      expect(await controller.stop()).toBe(0);
    }
  });

  it('refuses to start, naming the port and the way out, when the demo range is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(base + 12, '127.0.0.1', resolve));
    try {
      const run = ControllerProcess.start({ SPINEL_DATA_DIR: dataDir, SPINEL_DEMO_BASE_PORT: String(base), SPINEL_ADMIN_TOKEN: TOKEN }, DEMO_READY);
      await expect(run).rejects.toThrow(new RegExp(`exited with 1[\\s\\S]*127\\.0\\.0\\.1:${base + 12} \\(CLI port of leaf-1\\) is already in use[\\s\\S]*SPINEL_DEMO_BASE_PORT`));
      // The switches that had started were stopped again.
      expect(await isListening(base)).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('when the demo fabric does not run', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'spinel-nodemo-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('SPINEL_DEMO_FABRIC=0: no switches, no inventory', async () => {
    const base = await freePortRange(DEMO_PORT_SPAN);
    const dataDir = tempDir();
    const controller = await ControllerProcess.start({ SPINEL_DATA_DIR: dataDir, SPINEL_DEMO_FABRIC: '0', SPINEL_DEMO_BASE_PORT: String(base), SPINEL_ADMIN_TOKEN: TOKEN });
    try {
      expect(expectStatus(await new ApiClient(controller.url, TOKEN).get('/devices'), 200).total).toBe(0);
      expect(await listening(base)).toEqual(demoPorts(base).map(() => false));
      expect(existsSync(join(dataDir, 'switches'))).toBe(false);
      expect(controller.stdout).not.toContain('Demo fabric');
    } finally {
      expect(await controller.stop()).toBe(0);
    }
  });

  it('DATABASE_URL set: off by default', async () => {
    const db = await provisionDatabase('auto');
    const base = await freePortRange(DEMO_PORT_SPAN);
    try {
      const controller = await ControllerProcess.start({ DATABASE_URL: db.url, SPINEL_DATA_DIR: tempDir(), SPINEL_DEMO_BASE_PORT: String(base), SPINEL_ADMIN_TOKEN: TOKEN });
      try {
        expect(expectStatus(await new ApiClient(controller.url, TOKEN).get('/fabrics'), 200).total).toBe(0);
        expect(await listening(base)).toEqual(demoPorts(base).map(() => false));
      } finally {
        expect(await controller.stop()).toBe(0);
      }
    } finally {
      await db.drop();
    }
  });
});
