import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { LINK_UP, type SnmpTrapEvent } from '#drivers';
import { expectStatus } from '#testing';
import { loadConfig } from '../apps/controller/src/config.js';
import { type TrapOutcome, SnmpTrapService } from '../apps/controller/src/snmp/snmp-trap.service.js';
import { type SnmpAgent, startSnmpAgent } from '../apps/switch-emulator/src/snmp/snmp-agent.js';
import { anInterface, FakeOperationalView } from '../apps/switch-emulator/test/support/fake-operational-view.js';
import { NetSnmpTools, requireNetSnmpTools } from '../libs/drivers/test/support/net-snmp-tools.js';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectProblem } from './support/problem.js';

const COMMUNITY = 'leaf1-ro';
const TWO_32 = 2n ** 32n;

/** Resolves with the outcome of the next trap the controller handles. */
function nextTrap(c: TestController): Promise<{ outcome: TrapOutcome; event: SnmpTrapEvent }> {
  return new Promise((resolve) => {
    const off = c.running.app.get(SnmpTrapService).onOutcome((outcome, event) => {
      off();
      resolve({ outcome, event });
    });
  });
}

describe('SNMP: device settings, polls into the database, traps, failures', () => {
  let c: TestController;
  let view: FakeOperationalView;
  let agent: SnmpAgent;
  let silent: Socket;
  let deviceId: string;
  let trapPort: number;
  const tools = new NetSnmpTools();

  beforeAll(async () => {
    requireNetSnmpTools();
    c = await startTestController({ env: { SPINEL_SNMP_POLL_SECONDS: '0', SPINEL_SNMP_TRAP_PORT: '0', SPINEL_SNMP_TIMEOUT_MS: '300', SPINEL_SNMP_RETRIES: '0' } });
    trapPort = c.running.app.get(SnmpTrapService).port as number;
    view = new FakeOperationalView([
      anInterface({ ifIndex: 1, name: '10GE1/0/1', counters: { inOctets: TWO_32 + 5n, outOctets: 1000n } as never }),
      anInterface({ ifIndex: 2, name: '10GE1/0/2', adminUp: false, operUp: false }),
      anInterface({ ifIndex: 60, name: 'LoopBack0', kind: 'loopback', speedMbps: 0, macAddress: '' }),
    ]);
    agent = await startSnmpAgent({ port: 0, community: COMMUNITY, view, trapReceivers: [{ host: '127.0.0.1', port: trapPort }] });
    silent = createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', r));
    const fabric = expectStatus(await c.api.post('/fabrics', { name: 'dc1', asn: 65000 }), 201);
    deviceId = expectStatus(
      await c.api.post('/devices', { fabricId: fabric.id, name: 'leaf-1', role: 'leaf', platform: 'ce-netconf', managementHost: '127.0.0.1', username: 'admin', loopbackIp: '10.255.0.11' }),
      201,
    ).id;
  });
  afterAll(async () => {
    await agent?.close();
    await new Promise<void>((r) => (silent ? silent.close(() => r()) : r()));
    await c?.close();
    tools.close();
  });

  it('refuses to poll a device without SNMP settings, and validates the settings', async () => {
    expectProblem(await c.api.get(`/devices/${deviceId}/snmp`), 404, 'NOT_FOUND');
    expect(expectStatus(await c.api.get(`/devices/${deviceId}/interfaces`), 200)).toEqual({ deviceId, items: [] });
    const p = expectProblem(await c.api.post(`/devices/${deviceId}/snmp/poll`), 404, 'NOT_FOUND');
    expect(p.detail).toBe(`device leaf-1 has no SNMP settings; set them with PUT /api/v1/devices/${deviceId}/snmp`);
    const missing = expectProblem(await c.api.request('PUT', `/devices/${deviceId}/snmp`, { port: agent.port }), 422, 'INVALID_VALUE');
    expect(missing.errors).toEqual([{ field: 'community', message: 'device leaf-1 has no SNMP settings yet: community is required' }]);
    expectProblem(await c.api.request('PUT', `/devices/${deviceId}/snmp`, { port: 70000, community: 'x' }), 400, 'VALIDATION_FAILED');
    expectProblem(await c.api.request('PUT', `/devices/${deviceId}/snmp`, { community: 'has space' }), 400, 'VALIDATION_FAILED');
    expectProblem(await c.api.request('PUT', `/devices/${deviceId}/snmp`, { community: 'x', version: 3 }), 400, 'VALIDATION_FAILED');
    expectProblem(await c.api.request('PUT', '/devices/00000000-0000-4000-8000-000000000000/snmp', { community: 'x' }), 404, 'NOT_FOUND');
  });

  it('stores the community sealed and never shows it', async () => {
    const put = expectStatus(await c.api.request('PUT', `/devices/${deviceId}/snmp`, { port: agent.port, community: COMMUNITY }), 200);
    expect(put).toEqual({ deviceId, port: agent.port, hasCommunity: true, enabled: true, updatedAt: expect.any(String), lastPollAt: null, lastPollError: null });
    expect(JSON.stringify(expectStatus(await c.api.get(`/devices/${deviceId}/snmp`), 200))).not.toContain(COMMUNITY);
    const [row] = await c.running.app.get(DataSource).query('SELECT community_sealed FROM device_snmp_settings WHERE device_id = $1', [deviceId]);
    expect(row.community_sealed).toMatch(/^v1\./);
    expect(row.community_sealed).not.toContain(COMMUNITY);
  });

  it('polls the device into the database and serves it with polledAt; counters move between polls', async () => {
    const polled = expectStatus(await c.api.post(`/devices/${deviceId}/snmp/poll`), 200);
    expect(polled.interfaces.map((i: { name: string }) => i.name)).toEqual(['10GE1/0/1', '10GE1/0/2', 'LoopBack0']);
    const listed = expectStatus(await c.api.get(`/devices/${deviceId}/interfaces`), 200);
    expect(listed.items).toEqual(polled.interfaces);
    expect(listed.items[0]).toEqual({
      ifIndex: 1,
      name: '10GE1/0/1',
      adminUp: true,
      operUp: true,
      counters: { inOctets: String(TWO_32 + 5n), outOctets: '1000', inPackets: '0', outPackets: '0', inErrors: '0', outErrors: '0' },
      counterBits: 64,
      polledAt: polled.polledAt,
      statusTrapAt: null,
    });
    expect(listed.items[1]).toMatchObject({ ifIndex: 2, adminUp: false, operUp: false });

    view.setCounters(1, { inOctets: 2n ** 64n - 1n, inErrors: 4n });
    view.remove(60);
    expectStatus(await c.api.post(`/devices/${deviceId}/snmp/poll`), 200);
    const after = expectStatus(await c.api.get(`/devices/${deviceId}/interfaces`), 200);
    expect(after.items.map((i: { ifIndex: number }) => i.ifIndex)).toEqual([1, 2]);
    expect(after.items[0].counters).toMatchObject({ inOctets: '18446744073709551615', inErrors: '4' });
    expect(new Date(after.items[0].polledAt).getTime()).toBeGreaterThanOrEqual(new Date(polled.polledAt).getTime());
    expect(expectStatus(await c.api.get(`/devices/${deviceId}/snmp`), 200)).toMatchObject({ lastPollAt: after.items[0].polledAt, lastPollError: null });
  });

  it("applies the agent's linkDown/linkUp traps to the stored status", async () => {
    let trap = nextTrap(c);
    view.setOper(1, false, false);
    expect((await trap).outcome).toEqual({ applied: true, deviceId, ifIndex: 1, name: '10GE1/0/1' });
    const down = expectStatus(await c.api.get(`/devices/${deviceId}/interfaces`), 200).items[0];
    expect(down).toMatchObject({ ifIndex: 1, adminUp: false, operUp: false, statusTrapAt: expect.any(String) });
    expect(down.counters.inOctets).toBe('18446744073709551615');

    trap = nextTrap(c);
    view.setOper(2, true, true);
    expect((await trap).outcome).toMatchObject({ applied: true, ifIndex: 2 });
    expect(expectStatus(await c.api.get(`/devices/${deviceId}/interfaces`), 200).items[1]).toMatchObject({ ifIndex: 2, adminUp: true, operUp: true });
  });

  it('ignores traps with a wrong community, from unknown senders, and for interfaces never polled', async () => {
    const send = (args: string[]) => tools.run('snmptrap', args);
    let trap = nextTrap(c);
    await send(['-v2c', '-c', 'guess', `127.0.0.1:${trapPort}`, '', LINK_UP, '1.3.6.1.2.1.2.2.1.8.1', 'i', '1']);
    expect((await trap).outcome).toEqual({ applied: false, reason: "community 'guess' is not the one configured for the device(s) at this address" });
    trap = nextTrap(c);
    await send(['-v1', '-c', COMMUNITY, `127.0.0.1:${trapPort}`, '1.3.6.1.4.1.57005', '127.0.0.77', '3', '0', '', '1.3.6.1.2.1.2.2.1.1.1', 'i', '1']);
    expect((await trap).outcome).toEqual({ applied: false, reason: 'unknown sender: no SNMP-enabled device has this management address' });
    trap = nextTrap(c);
    await send(['-v2c', '-c', COMMUNITY, `127.0.0.1:${trapPort}`, '', LINK_UP, '1.3.6.1.2.1.2.2.1.8.99', 'i', '1']);
    expect((await trap).outcome).toMatchObject({ applied: false, reason: expect.stringContaining('no polled interface with ifIndex 99') });
    // Nothing of that changed what is stored.
    expect(expectStatus(await c.api.get(`/devices/${deviceId}/interfaces`), 200).items[0]).toMatchObject({ ifIndex: 1, operUp: false });
  });

  it('answers a clear problem for a device that does not answer, and keeps what was stored', async () => {
    const before = expectStatus(await c.api.get(`/devices/${deviceId}/interfaces`), 200);
    expectStatus(await c.api.request('PUT', `/devices/${deviceId}/snmp`, { port: silent.address().port }), 200);
    const p = expectProblem(await c.api.post(`/devices/${deviceId}/snmp/poll`), 504, 'DEVICE_TIMEOUT');
    expect(p).toMatchObject({ title: 'Gateway Timeout', deviceId, retryable: true, detail: expect.stringMatching(/^leaf-1 did not answer SNMP/) });
    expect(expectStatus(await c.api.get(`/devices/${deviceId}/interfaces`), 200)).toEqual(before);
    expect(expectStatus(await c.api.get(`/devices/${deviceId}/snmp`), 200)).toMatchObject({ lastPollError: expect.stringMatching(/^TIMEOUT: leaf-1 did not answer SNMP/) });
    // Pointed back at the agent (the sealed community kept), it polls again.
    expectStatus(await c.api.request('PUT', `/devices/${deviceId}/snmp`, { port: agent.port }), 200);
    expectStatus(await c.api.post(`/devices/${deviceId}/snmp/poll`), 200);
  });

  it('serializes polls of one device that arrive together', async () => {
    const fabric = expectStatus(await c.api.get('/fabrics'), 200).items[0];
    const other = expectStatus(
      await c.api.post('/devices', { fabricId: fabric.id, name: 'leaf-2', role: 'leaf', platform: 'ce-netconf', managementHost: '127.0.0.1', username: 'admin', loopbackIp: '10.255.0.12' }),
      201,
    ).id;
    expectStatus(await c.api.request('PUT', `/devices/${other}/snmp`, { port: agent.port, community: COMMUNITY }), 200);
    const all = await Promise.all([1, 2, 3].map(() => c.api.post(`/devices/${other}/snmp/poll`)));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(expectStatus(await c.api.get(`/devices/${other}/interfaces`), 200)
      .items.map((i: { name: string }) => i.name)).toEqual(view.interfaces().map((i) => i.name));
    expect((await c.api.delete(`/devices/${other}`)).status).toBe(204);
  });

  it('keeps device SNMP away from tenant tokens and viewers cannot change it', async () => {
    const tenant = expectStatus(await c.api.post('/tenants', { name: 'acme' }), 201);
    const scoped = expectStatus(await c.api.post('/tokens', { name: 't', role: 'operator', tenantId: tenant.id }), 201).token;
    expect((await c.api.as(scoped).get(`/devices/${deviceId}/interfaces`)).status).toBe(404);
    expect((await c.api.as(scoped).post(`/devices/${deviceId}/snmp/poll`)).status).toBe(404);
    const viewer = expectStatus(await c.api.post('/tokens', { name: 'v', role: 'viewer' }), 201).token;
    expect((await c.api.as(viewer).post(`/devices/${deviceId}/snmp/poll`)).status).toBe(403);
    expect((await c.api.as(viewer).get(`/devices/${deviceId}/interfaces`)).status).toBe(200);
  });

  it('forgets the settings on DELETE (stored interfaces stay) and with the device', async () => {
    expect((await c.api.delete(`/devices/${deviceId}/snmp`)).status).toBe(204);
    expectProblem(await c.api.post(`/devices/${deviceId}/snmp/poll`), 404, 'NOT_FOUND');
    expect(expectStatus(await c.api.get(`/devices/${deviceId}/interfaces`), 200).items).toHaveLength(2);
    expect((await c.api.delete(`/devices/${deviceId}`)).status).toBe(204);
    const [{ n }] = await c.running.app.get(DataSource).query('SELECT count(*)::int AS n FROM device_interfaces');
    expect(n).toBe(0);
  });
});

describe('SNMP: the poll schedule and its configuration', () => {
  it('polls every enabled device on SPINEL_SNMP_POLL_SECONDS, without any request', async () => {
    const c = await startTestController({ env: { SPINEL_SNMP_POLL_SECONDS: '1', SPINEL_SNMP_TIMEOUT_MS: '300', SPINEL_SNMP_RETRIES: '0' } });
    const view = new FakeOperationalView([anInterface({ ifIndex: 7, name: '10GE1/0/7', counters: { outOctets: 42n } as never })]);
    const agent = await startSnmpAgent({ port: 0, community: 'sched', view });
    try {
      expect(c.running.app.get(SnmpTrapService).port).toBeUndefined(); // no SPINEL_SNMP_TRAP_PORT: no receiver
      const fabric = expectStatus(await c.api.post('/fabrics', { name: 'dc1', asn: 65000 }), 201);
      const id = expectStatus(
        await c.api.post('/devices', { fabricId: fabric.id, name: 'leaf-7', role: 'leaf', platform: 'ce-netconf', managementHost: '127.0.0.1', username: 'admin', loopbackIp: '10.255.0.17' }),
        201,
      ).id;
      expectStatus(await c.api.request('PUT', `/devices/${id}/snmp`, { port: agent.port, community: 'sched' }), 200);
      let items: { name: string; counters: { outOctets: string } }[] = [];
      while (!items.length) {
        await new Promise((r) => setTimeout(r, 200));
        items = expectStatus(await c.api.get(`/devices/${id}/interfaces`), 200).items;
      }
      expect(items).toMatchObject([{ name: '10GE1/0/7', counters: { outOctets: '42' } }]);
    } finally {
      await agent.close();
      await c.close();
    }
  });

  it('refuses bad SNMP settings at start-up, naming the variable', () => {
    expect(() => loadConfig({ SPINEL_SECRET_KEY: 'k', SPINEL_SNMP_POLL_SECONDS: 'often' })).toThrow("SPINEL_SNMP_POLL_SECONDS must be an integer 0..86400, got 'often'");
    expect(() => loadConfig({ SPINEL_SECRET_KEY: 'k', SPINEL_SNMP_TRAP_PORT: '70000' })).toThrow("SPINEL_SNMP_TRAP_PORT must be an integer 0..65535, got '70000'");
    expect(loadConfig({ SPINEL_SECRET_KEY: 'k' }).snmp).toEqual({ pollSeconds: 60, trapPort: undefined, trapHost: '127.0.0.1', timeoutMs: 2000, retries: 1 });
  });
});
