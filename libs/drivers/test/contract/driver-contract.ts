import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DeviceIntent, canonicalize } from '#intent';
import { type DeviceDriver, type DeviceTarget } from '#drivers';
import { type EmulatedSwitch, startEmulatedSwitch } from '../../../../apps/switch-emulator/src/emulated-switch.js';
import { deviceError } from '../support/device-error-of.js';

const REPO_ROOT = join(import.meta.dirname, '../../../..');
export const CONTRACT_USER = { username: 'admin', password: 'contract-password' };
const DEVICE = 'leaf-1';

/** `fixtures/cases/<case>/intent/<device>.json`, a fresh copy each call. */
export function goldenIntent(caseName: string, device = DEVICE): DeviceIntent {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures/cases', caseName, 'intent', `${device}.json`), 'utf8')) as DeviceIntent;
}

/** Two bridge domains, one VRF. */
export const intentA = (): DeviceIntent => goldenIntent('l2-bridge');
/** A different VRF and no bridge domains: replacing A with it removes A's. */
export const intentB = (): DeviceIntent => goldenIntent('l3-route-suppression-on');
/** A without bridge domain 10002. */
export function intentASmaller(): DeviceIntent {
  const a = intentA();
  a.bridgeDomains = a.bridgeDomains.filter((bd) => bd.id !== 10002);
  return a;
}

export interface DriverContractSetup {
  platform: string;
  factory: (target: DeviceTarget) => DeviceDriver;
  /** The emulated switch's endpoint this platform talks to (NETCONF or CLI port). */
  port: (sw: EmulatedSwitch) => number;
}

/** Polls until `check` holds: for what the device does on its own schedule (a confirm timeout). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await delay(100);
  }
}

export { deviceError };

/**
 * The DeviceDriver contract, run against one driver and a fresh emulated switch per test: what
 * every platform's driver must do, whatever its transport. NAPALM-style: one suite, every driver.
 */
export function runDriverContract(setup: DriverContractSetup): void {
  describe(`DeviceDriver contract: ${setup.platform}`, () => {
    let sw: EmulatedSwitch;
    let stateDir: string;
    let drivers: DeviceDriver[];

    beforeEach(async () => {
      drivers = [];
      stateDir = mkdtempSync(join(tmpdir(), 'spinel-contract-'));
      sw = await startEmulatedSwitch({ name: DEVICE, role: 'leaf', netconfPort: 0, cliPort: 0, users: [CONTRACT_USER], stateDir });
    });
    afterEach(async () => {
      await Promise.all(drivers.map((d) => d.close()));
      await sw?.close();
      rmSync(stateDir, { recursive: true, force: true });
    });

    const target = (overrides: Partial<DeviceTarget> = {}): DeviceTarget => ({
      name: DEVICE,
      role: 'leaf',
      platform: setup.platform,
      host: '127.0.0.1',
      port: setup.port(sw),
      ...CONTRACT_USER,
      pinnedHostKey: sw.netconf.hostKey.fingerprint,
      timeoutMs: 10_000,
      ...overrides,
    });
    const driver = (overrides: Partial<DeviceTarget> = {}): DeviceDriver => {
      const d = setup.factory(target(overrides));
      drivers.push(d);
      return d;
    };
    const opened = async (overrides: Partial<DeviceTarget> = {}): Promise<DeviceDriver> => {
      const d = driver(overrides);
      await d.open();
      return d;
    };
    const provision = async (d: DeviceDriver, intent: DeviceIntent): Promise<void> => {
      await d.loadCandidate(intent, 'replace');
      await d.commit();
    };

    it('opens a session and closes it; a closed driver refuses work', async () => {
      const d = await opened();
      await provision(d, intentA());
      expect(await d.getRunningConfig()).toEqual(canonicalize(intentA()));
      await d.close();
      await d.close();
      expect((await deviceError(d.getRunningConfig())).message).toMatch(/closed/);
    });

    it('replace makes the intent the whole running configuration', async () => {
      const d = await opened();
      await provision(d, intentA());
      expect(await d.getRunningConfig()).toEqual(canonicalize(intentA()));
      await provision(d, intentB());
      expect(await d.getRunningConfig()).toEqual(canonicalize(intentB()));
    });

    it('merge adds to the running configuration and removes nothing', async () => {
      const d = await opened();
      await provision(d, intentASmaller());
      await d.loadCandidate(intentA(), 'merge');
      await d.commit();
      expect(await d.getRunningConfig()).toEqual(canonicalize(intentA()));
      await d.loadCandidate(intentASmaller(), 'merge');
      await d.commit();
      expect(await d.getRunningConfig()).toEqual(canonicalize(intentA()));
    });

    it('compare is empty when committing would change nothing, and shows the change otherwise', async () => {
      const d = await opened();
      await provision(d, intentA());
      await d.loadCandidate(intentA(), 'replace');
      expect(await d.compare()).toBe('');
      await d.discard();
      const changed = intentA();
      changed.interfaces[0]!.description = 'moved to rack 7';
      await d.loadCandidate(changed, 'replace');
      expect(await d.compare()).toContain('moved to rack 7');
      await d.discard();
    });

    it('discard leaves running unchanged and releases the candidate', async () => {
      const d = await opened();
      await provision(d, intentA());
      await d.loadCandidate(intentB(), 'replace');
      await d.discard();
      expect(await d.getRunningConfig()).toEqual(canonicalize(intentA()));
      const other = await opened();
      await other.loadCandidate(intentB(), 'replace');
      await other.discard();
    });

    it('a confirmed commit rolls back by itself when it is not confirmed', async () => {
      const d = await opened();
      await provision(d, intentA());
      await d.loadCandidate(intentB(), 'replace');
      await d.commit({ confirmTimeoutSeconds: 1 });
      expect(await d.getRunningConfig()).toEqual(canonicalize(intentB()));
      await eventually(async () => JSON.stringify(await d.getRunningConfig()) === JSON.stringify(canonicalize(intentA())));
    });

    it('a confirmed commit stays once confirmed', async () => {
      const d = await opened();
      await provision(d, intentA());
      await d.loadCandidate(intentB(), 'replace');
      await d.commit({ confirmTimeoutSeconds: 1 });
      await d.confirm();
      await delay(1_500); // past the confirm timeout: nothing may roll back now
      expect(await d.getRunningConfig()).toEqual(canonicalize(intentB()));
      expect((await deviceError(d.confirm())).code).toBe('REJECTED');
    });

    it('rollback cancels a pending confirmed commit', async () => {
      const d = await opened();
      await provision(d, intentA());
      await d.loadCandidate(intentB(), 'replace');
      await d.commit({ confirmTimeoutSeconds: 600 });
      await d.rollback();
      expect(await d.getRunningConfig()).toEqual(canonicalize(intentA()));
    });

    it('rollback restores the configuration before the last commit, or a labelled one', async () => {
      const d = await opened();
      await provision(d, intentA());
      await d.loadCandidate(intentASmaller(), 'replace');
      await d.commit({ label: 'smaller' });
      await provision(d, intentB());
      await d.rollback();
      expect(await d.getRunningConfig()).toEqual(canonicalize(intentASmaller()));
      await d.rollback('smaller');
      expect(await d.getRunningConfig()).toEqual(canonicalize(intentA()));
      const error = await deviceError(d.rollback('never-made'));
      expect(error.code).toBe('REJECTED');
    });

    it('refuses the candidate to a second driver while the first holds it, naming the holder', async () => {
      const first = await opened();
      await first.loadCandidate(intentA(), 'replace');
      const second = await opened();
      const error = await deviceError(second.loadCandidate(intentB(), 'replace'));
      expect(error.code).toBe('TRANSIENT');
      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(/locked by .*session \d+/);
      await first.discard();
      await second.loadCandidate(intentB(), 'replace');
      await second.discard();
    });

    it('answers an intent the device refuses with REJECTED and the device\'s message, and keeps running', async () => {
      const d = await opened();
      await provision(d, intentA());
      const bad = intentA();
      bad.bridgeDomains[1]!.l2Vni = bad.bridgeDomains[0]!.l2Vni;
      const error = await deviceError(d.loadCandidate(bad, 'replace'));
      expect(error.code).toBe('REJECTED');
      // The device's words (NETCONF), or the CLI dialect's, which refuses before typing a line.
      expect(error.message).toMatch(new RegExp(`VNI ${bad.bridgeDomains[0]!.l2Vni} is (already used by bridge domain|used by both)`));
      expect(await d.getRunningConfig()).toEqual(canonicalize(intentA()));
      await d.loadCandidate(intentB(), 'replace');
      await d.discard();
    });

    it('refuses a wrong password with AUTH', async () => {
      const error = await deviceError(driver({ password: 'not-the-password' }).open());
      expect(error.code).toBe('AUTH');
      expect(error.retryable).toBe(false);
    });

    it('refuses a host key other than the pinned one with HOST_KEY', async () => {
      const error = await deviceError(driver({ pinnedHostKey: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }).open());
      expect(error.code).toBe('HOST_KEY');
      expect(error.message).toContain(sw.netconf.hostKey.fingerprint);
      expect(error.retryable).toBe(false);
    });

    it('reports facts and interfaces of the configured switch', async () => {
      const d = await opened();
      await provision(d, intentA());
      const facts = await d.facts();
      expect(facts).toMatchObject({ hostname: DEVICE, vendor: expect.any(String), model: expect.any(String), serialNumber: expect.any(String) });
      expect(facts.interfaces).toEqual(expect.arrayContaining(intentA().interfaces.map((i) => i.name)));
      const interfaces = await d.interfaces();
      for (const configured of intentA().interfaces) {
        expect(interfaces.find((i) => i.name === configured.name)).toMatchObject({ description: configured.description, mtu: configured.mtu, adminUp: true });
      }
      const counters = await d.interfaceCounters();
      expect(counters.map((c) => c.name).sort()).toEqual(interfaces.map((i) => i.name).sort());
      for (const c of counters) expect(typeof c.inOctets).toBe('bigint');
    });

    it('reports BGP sessions, LLDP neighbors and EVPN routes as well-formed lists', async () => {
      const d = await opened();
      await provision(d, intentA());
      const sessions = await d.bgpNeighbors();
      expect(sessions.map((s) => s.peer).sort()).toEqual(intentA().bgp.neighbors.map((n) => n.peer).sort());
      for (const s of sessions) expect(s).toMatchObject({ vrf: 'default', state: expect.stringMatching(/^(idle|connect|active|opensent|openconfirm|established)$/) });
      // A switch alone has no cabled neighbor and learns no remote routes.
      expect(await d.lldpNeighbors()).toEqual([]);
      for (const route of await d.evpnRoutes()) {
        expect([2, 3, 5]).toContain(route.type);
        expect(route.nextHop).toBe(intentA().vtepSource);
      }
    });
  });
}
