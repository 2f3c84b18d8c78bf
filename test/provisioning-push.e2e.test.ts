import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '#testing';
import { startTestController, type TestController } from './support/controller.harness.js';
import { settled } from './support/operations.scenario.js';
import { EmulatedFabric } from './support/provisioning.fabric.js';

type Json = Record<string, any>;
const opOf = (res: { headers: Headers }) => res.headers.get('operation-id') as string;

/** Intent → reconcile → one confirmed-commit transaction over every changed device, against emulated switches. */
describe('provisioning: pushing intent to the switches', () => {
  let c: TestController;
  let f: EmulatedFabric;
  let ls: Json;
  let portN = 0;
  const addPort = async (leafIndex = 0) => {
    portN += 1;
    const leaf = f.leaves[leafIndex]!.device;
    const res = await c.api.post('/logical-ports', { logicalSwitchId: ls.id, name: `p-${portN}`, binding: { kind: 'leaf-interface', deviceId: leaf.id, interfaceName: `10GE1/0/${portN}` } });
    expectStatus(res, 201);
    return opOf(res);
  };

  beforeAll(async () => {
    c = await startTestController({ env: { SPINEL_PUSH: 'on', SPINEL_CONFIRM_TIMEOUT_SECONDS: '30' } });
    f = await new EmulatedFabric(c.api).create(2, 2);
  }, 60_000);
  afterAll(async () => {
    await c?.close();
    await f?.close();
  });

  it('pushes a tenant network to every switch, all confirmed, and the plan shows every device in sync', async () => {
    const tenant = expectStatus(await c.api.post('/tenants', { name: 'push-t' }), 201);
    const vpcRes = await c.api.post('/vpcs', { tenantId: tenant.id, fabricId: f.fabric.id, name: 'push-vpc', cidrs: ['10.8.0.0/16'] });
    const vpc = expectStatus(vpcRes, 201);
    ls = expectStatus(await c.api.post('/logical-switches', { vpcId: vpc.id, name: 'push-ls', subnet: '10.8.1.0/24' }), 201);
    const op = await settled(c.api, await addPort());
    expect(op.state, JSON.stringify(op)).toBe('succeeded');
    await f.expectConverged();
    // Its steps: each device it pushed went through to confirmed, with the change set applied.
    expect(op.steps.length).toBeGreaterThan(0);
    for (const s of op.steps) expect(s).toMatchObject({ state: 'confirmed', error: null, diff: expect.stringMatching(/\S/) });
    expect((await settled(c.api, opOf(vpcRes))).state).toBe('succeeded');
    // The SSE log carries every phase of each device's step, in order.
    const events: { data: Json }[] = await c.running.app.get(DataSource).query(`SELECT data FROM operation_events WHERE operation_id = $1 AND type = 'step' ORDER BY id`, [op.id]);
    const leafStates = events.map((e) => e.data).filter((d) => d.device === 'leaf-1').map((d) => d.state);
    expect(leafStates).toEqual(['pending', 'loading', 'loaded', 'committed', 'confirmed']);
    for (const d of f.devices) expect(d.sw.store.commitLog.length, d.device.name).toBeGreaterThan(0);
  }, 90_000);

  it('a request that changes no device configuration commits nothing', async () => {
    const before = f.commitCounts();
    const res = await c.api.post('/tenants', { name: 'bystander' });
    expectStatus(res, 201);
    const op = await settled(c.api, opOf(res));
    expect(op.state).toBe('succeeded');
    expect(op.steps).toEqual([]);
    expect(f.commitCounts()).toEqual(before);
    await f.expectConverged();
  }, 60_000);

  it('a leaf refusing its commit leaves every switch on its old configuration; the next request converges', async () => {
    // Both leaves carry a port of the logical switch, so changing it touches both.
    expect((await settled(c.api, await addPort(1))).state).toBe('succeeded');
    const before = f.snapshot();
    f.leaves[1]!.sw.faults.set({ failCommit: { message: 'no TCAM left' } });
    try {
      // Both leaves are in the transaction, and one refuses.
      const lsRes = await c.api.patch(`/logical-switches/${ls.id}`, { arpSuppression: false });
      expectStatus(lsRes, 200);
      const op = await settled(c.api, opOf(lsRes));
      expect(op.state).toBe('failed');
      expect(op.error).toContain('no TCAM left');
      const byDevice = new Map(op.steps.map((s: Json) => [s.device, s]));
      expect(byDevice.get('leaf-2')).toMatchObject({ state: 'failed', error: expect.stringContaining('no TCAM left') });
      expect(byDevice.get('leaf-1')).toMatchObject({ state: 'rolled-back' });
      expect(f.snapshot()).toEqual(before);
      expect(expectStatus(await c.api.get(`/devices/${f.leaves[1]!.device.id}/sync`), 200)).toMatchObject({ state: 'failed', lastError: expect.stringContaining('no TCAM left') });
      // Permanent: no retry pushed it meanwhile.
      expect(f.snapshot()).toEqual(before);
    } finally {
      f.leaves[1]!.sw.faults.clear();
    }
    const again = await settled(c.api, await addPort(1));
    expect(again.state).toBe('succeeded');
    await f.expectConverged();
  }, 120_000);

  it.each(['after', 'before'] as const)('a session dropped %s its commit is retried and converges', async (when) => {
    f.leaves[0]!.sw.faults.set({ dropOnCommit: { when, times: 1 } });
    const op = await settled(c.api, await addPort(0)).finally(() => f.leaves[0]!.sw.faults.clear());
    expect(op.state, JSON.stringify(op)).toBe('succeeded');
    // The first attempt lost its session (and was undone); the retry confirmed.
    const leaf1 = op.steps.filter((s: Json) => s.device === 'leaf-1').map((s: Json) => s.state);
    expect(leaf1).toEqual(['failed', 'confirmed']);
    await f.expectConverged();
  }, 120_000);

  it('a device leased by another writer is not pushed until the lease is free, and nothing is pushed partially', async () => {
    const leaf = f.leaves[1]!;
    const db = c.running.app.get(DataSource);
    await db.query(`INSERT INTO device_leases (device_id, holder, expires_at) VALUES ($1, 'someone-else', now() + interval '1 hour')`, [leaf.device.id]);
    let id: string;
    try {
      const before = f.snapshot();
      // Touches both leaves; one of them has another writer.
      const res = await c.api.patch(`/logical-switches/${ls.id}`, { arpSuppression: true });
      expectStatus(res, 200);
      id = opOf(res);
      await new Promise((r) => setTimeout(r, 1500));
      expect(f.snapshot()).toEqual(before);
      expect(expectStatus(await c.api.get(`/operations/${id}`), 200).state).toBe('running');
      expect(expectStatus(await c.api.get(`/devices/${leaf.device.id}/sync`), 200).state).toBe('pending');
    } finally {
      await db.query(`DELETE FROM device_leases WHERE holder = 'someone-else'`);
    }
    expect((await settled(c.api, id)).state).toBe('succeeded');
    await f.expectConverged();
  }, 120_000);

  it('concurrent changes never give a switch two writers: each confirmed commit is confirmed by its own session before the next', async () => {
    const seen = f.commitCounts();
    const ids = await Promise.all([addPort(0), addPort(1), addPort(0), addPort(1)]);
    for (const id of ids) expect((await settled(c.api, id)).state).toBe('succeeded');
    await f.expectConverged();
    for (const d of f.devices) {
      const log = d.sw.store.commitLog.slice(seen.get(d.device.name));
      for (let i = 0; i < log.length; i++) {
        if (!log[i]!.confirmed) continue;
        // The very next write to running is the confirming commit, from the session that made the confirmed one.
        expect(log[i + 1], `${d.device.name} record ${i}: ${JSON.stringify(log.map((r) => [r.sessionId, r.confirmed]))}`).toMatchObject({ confirmed: false, sessionId: log[i]!.sessionId });
      }
    }
  }, 120_000);
});
