import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceDriver, DeviceTarget } from '#drivers';
import { type EmulatedSwitch, startEmulatedSwitch } from '../../../../apps/switch-emulator/src/emulated-switch.js';
import { connectPorts } from '../../../../apps/switch-emulator/src/oper/cabling.js';
import { CONTRACT_USER, type DriverContractSetup, goldenIntent } from './driver-contract.js';

const CASE = 'l2-bridge';
/** Sessions come up on messages; short timers only pace retries and keepalives. */
const FAST_BGP = { keepaliveMs: 50, holdMs: 400 };

/**
 * The getters against live state: leaf-1 cabled to spine-1 (100GE1/0/1 ↔ 10GE1/0/1), both
 * configured through the driver under test. What the driver reports must be exactly what the
 * switch's own OperationalView holds (the view NETCONF, the CLI and SNMP all read).
 */
export function runGetterContract(setup: DriverContractSetup): void {
  describe(`DeviceDriver getters on a cabled pair: ${setup.platform}`, () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'spinel-getters-'));
    const switches = new Map<string, EmulatedSwitch>();
    const drivers = new Map<string, DeviceDriver>();
    const leaf = () => switches.get('leaf-1')!;
    const driver = () => drivers.get('leaf-1')!;

    beforeAll(async () => {
      for (const [name, role] of [['leaf-1', 'leaf'], ['spine-1', 'spine']] as const) {
        const dir = join(stateDir, name);
        const sw = await startEmulatedSwitch({ name, role, netconfPort: 0, cliPort: 0, users: [CONTRACT_USER], stateDir: dir, bgpTimers: FAST_BGP });
        switches.set(name, sw);
        const target: DeviceTarget = { name, role, platform: setup.platform, host: '127.0.0.1', port: setup.port(sw), ...CONTRACT_USER, pinnedHostKey: sw.netconf.hostKey.fingerprint, timeoutMs: 10_000 };
        const d = setup.factory(target);
        drivers.set(name, d);
        await d.open();
      }
      connectPorts(leaf(), '100GE1/0/1', switches.get('spine-1')!, '10GE1/0/1');
      for (const [name, d] of drivers) {
        await d.loadCandidate(goldenIntent(CASE, name), 'replace');
        await d.commit();
      }
    });
    afterAll(async () => {
      for (const d of drivers.values()) await d.close();
      for (const sw of switches.values()) await sw.close();
      rmSync(stateDir, { recursive: true, force: true });
    });

    /** Polls until the driver's answer equals the switch's view (state settles on its own schedule). */
    async function agrees<T>(read: () => Promise<T>, view: () => T): Promise<T> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const got = await read();
        if (JSON.stringify(got, big) === JSON.stringify(view(), big)) return got;
        if (Date.now() > deadline) {
          expect(got).toEqual(view());
          return got;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    it('reports facts as the switch knows them', async () => {
      const facts = await driver().facts();
      const { uptimeSeconds, ...rest } = leaf().oper.facts();
      expect({ ...facts, uptimeSeconds: 0 }).toEqual({ ...rest, uptimeSeconds: 0 });
      expect(Math.abs(facts.uptimeSeconds - uptimeSeconds)).toBeLessThanOrEqual(1);
    });

    it('reports interfaces exactly as the switch knows them', async () => {
      const interfaces = await agrees(
        () => driver().interfaces(),
        () => leaf().oper.interfaces().map(({ name, description, adminUp, operUp, mtu, speedMbps, macAddress }) => ({ name, description, adminUp, operUp, mtu, speedMbps, macAddress })),
      );
      expect(interfaces.find((i) => i.name === '100GE1/0/1')).toMatchObject({ operUp: true, description: 'to spine-1 10GE1/0/1', speedMbps: 100_000 });
      expect(interfaces.find((i) => i.name === '100GE1/0/2')).toMatchObject({ operUp: false });
    });

    it('reports counters that grow on the cabled port', async () => {
      const first = (await driver().interfaceCounters()).find((c) => c.name === '100GE1/0/1')!;
      expect(typeof first.inOctets).toBe('bigint');
      const viewed = leaf().oper.interfaces().find((i) => i.name === '100GE1/0/1')!.counters;
      expect(viewed.inOctets).toBeGreaterThanOrEqual(first.inOctets);
      await agrees(
        async () => ((await driver().interfaceCounters()).find((c) => c.name === '100GE1/0/1')!.outOctets > first.outOctets ? 'grew' : 'not yet'),
        () => 'grew',
      );
    });

    it('reports the established BGP session to the spine and the idle one to the uncabled spine', async () => {
      const sessions = await agrees(
        async () => (await driver().bgpNeighbors()).map(({ uptimeSeconds: _u, ...s }) => s),
        () => leaf().oper.bgpNeighbors().map(({ uptimeSeconds: _u, ...s }) => s),
      );
      expect(sessions.find((s) => s.peer === '100GE1/0/1')).toMatchObject({ vrf: 'default', state: 'established', remoteAs: goldenIntent(CASE, 'spine-1').asn });
      expect(sessions.find((s) => s.peer === '100GE1/0/2')?.state).not.toBe('established');
    });

    it('reports the LLDP neighbor on the cable', async () => {
      const neighbors = await agrees(() => driver().lldpNeighbors(), () => leaf().oper.lldpNeighbors());
      expect(neighbors).toEqual([{ localInterface: '100GE1/0/1', remoteSystem: 'spine-1', remoteInterface: '10GE1/0/1' }]);
    });

    it('reports the EVPN routes the switch holds', async () => {
      const routes = await agrees(() => driver().evpnRoutes(), () => leaf().oper.evpnRoutes());
      const intent = goldenIntent(CASE, 'leaf-1');
      for (const bd of intent.bridgeDomains) {
        expect(routes).toContainEqual({ type: 3, routeDistinguisher: bd.routeDistinguisher, prefix: intent.vtepSource, vni: bd.l2Vni, nextHop: intent.vtepSource });
      }
    });
  });
}

const big = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);
