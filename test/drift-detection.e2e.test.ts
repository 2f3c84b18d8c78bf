import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { DeviceIntent } from '#intent';
import { expectStatus } from '#testing';
import { startTestController, type TestController } from './support/controller.harness.js';
import { aSwitchedFabric, eventually, type SwitchedFabric } from './support/drift.scenario.js';
import { settled } from './support/operations.scenario.js';

type Json = Record<string, any>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Drift on demand: emulated switches configured behind the controller's back, read over NETCONF. */
describe('drift detection', () => {
  let c: TestController;
  let f: SwitchedFabric;
  let desiredLeaf: DeviceIntent;

  beforeAll(async () => {
    c = await startTestController({ env: { SPINEL_DRIFT_CHECK_SECONDS: '0', SPINEL_SNMP_POLL_SECONDS: '0' } });
    f = await aSwitchedFabric(c.api);
    desiredLeaf = await f.desired(f.leaf);
    // As the push pipeline would: the leaf runs exactly its desired configuration.
    await f.configure(f.leaf, desiredLeaf);
  });
  afterAll(async () => {
    await f?.close();
    await c?.close();
  });

  const check = async (device: Json) => expectStatus(await c.api.post(`/devices/${device.id}/drift-check`, {}), 200);
  const lastKnown = async (device: Json) => {
    const [row] = await c.running.app.get(DataSource).query('SELECT running_intent FROM device_configs WHERE device_id = $1', [device.id]);
    return row?.running_intent as DeviceIntent | undefined;
  };

  it('finds a device that runs its desired configuration in sync, and records that running as last known', async () => {
    const r = await check(f.leaf);
    expect(r).toMatchObject({ deviceId: f.leaf.id, inSyncWithDesired: true, drifted: false, diffDesired: '', error: null });
    expect(await lastKnown(f.leaf)).toEqual(desiredLeaf);
    expect(expectStatus(await c.api.get(`/devices/${f.leaf.id}/drift`), 200).drift).toMatchObject({ inSyncWithDesired: true, drifted: false });
  });

  it('reports a change made on the switch behind the controller, with the diff in the platform syntax', async () => {
    const edited = clone(desiredLeaf);
    const fabricPort = edited.interfaces.find((i) => i.role === 'fabric') as DeviceIntent['interfaces'][number];
    fabricPort.description = 'changed by hand';
    await f.configure(f.leaf, edited);

    const r = await check(f.leaf);
    expect(r).toMatchObject({ inSyncWithDesired: false, drifted: true, error: null, summary: { desired: { modify: 1 }, running: { modify: 1 } } });
    expect(r.diffRunning).toContain('changed by hand'); // what changed on the device
    expect(r.diffDesired).toContain(desiredLeaf.interfaces.find((i) => i.name === fabricPort.name)?.description); // what a push puts back
    expect((await lastKnown(f.leaf))?.interfaces.find((i) => i.name === fabricPort.name)?.description).toBe('changed by hand');

    // Checked again without a change: still out of sync with intent, but no new drift since the last read.
    expect(await check(f.leaf)).toMatchObject({ inSyncWithDesired: false, drifted: false });
    const fabric = expectStatus(await c.api.get(`/fabrics/${f.fabric.id}/drift`), 200);
    expect(fabric.devices.map((d: Json) => [d.device, d.drift?.inSyncWithDesired ?? null])).toEqual([['leaf-1', false], ['spine-1', null]]);
  });

  it('sync answers 202 with an operation whose reconcile plans the desired configuration back onto the device', async () => {
    const res = await c.api.post(`/devices/${f.leaf.id}/sync`, {});
    expect(res.status).toBe(202);
    const body = res.body as Json;
    expect(body.operationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('operation-id')).toBe(body.operationId);
    const op = await settled(c.api, body.operationId);
    expect(op.state).toBe('succeeded');
    const step = op.steps.find((s: Json) => s.deviceId === f.leaf.id);
    expect(step).toMatchObject({ state: 'planned' });
    expect(step.diff).toContain(desiredLeaf.interfaces.find((i) => i.role === 'fabric')?.description);
  });

  it('accepts a mappable change (ARP suppression of a bridge domain) into intent as a revision', async () => {
    await f.configure(f.leaf, desiredLeaf);
    expect(await check(f.leaf)).toMatchObject({ inSyncWithDesired: true });
    const edited = clone(desiredLeaf);
    const bd = edited.bridgeDomains[0] as DeviceIntent['bridgeDomains'][number];
    expect(bd.l2Vni).toBe(f.logicalSwitch.l2Vni);
    bd.arpSuppression = !bd.arpSuppression;
    await f.configure(f.leaf, edited);

    const res = await c.api.post(`/devices/${f.leaf.id}/accept-drift`, {});
    expect(res.status).toBe(200);
    const body = res.body as Json;
    expect(body.accepted).toEqual([{ section: 'bridge-domain', key: String(bd.id), op: 'modify', fields: ['arpSuppression'] }]);
    expect(body.revision).toBeGreaterThan(0);
    expect(res.headers.get('operation-id')).toBe(body.operationId);
    expect(expectStatus(await c.api.get(`/logical-switches/${f.logicalSwitch.id}`), 200).arpSuppression).toBe(bd.arpSuppression);
    const revision = expectStatus(await c.api.get(`/revisions/${body.revision}`), 200);
    expect(revision.summary).toContain('accept the configuration of leaf-1');
    // Intent now produces what the device runs.
    expect(await check(f.leaf)).toMatchObject({ inSyncWithDesired: true, drifted: false });
    desiredLeaf = await f.desired(f.leaf);
  });

  it('refuses with 422 a change that does not map to intent, listing it, and changes nothing', async () => {
    const edited = clone(desiredLeaf);
    (edited.interfaces.find((i) => i.role === 'fabric') as { mtu: number }).mtu = 1500;
    await f.configure(f.leaf, edited);
    const before = expectStatus(await c.api.get('/revisions?limit=1'), 200);
    const res = await c.api.post(`/devices/${f.leaf.id}/accept-drift`, {});
    expect(res.status).toBe(422);
    const problem = res.body as Json;
    expect(problem).toMatchObject({ code: 'DRIFT_NOT_MAPPABLE', deviceId: f.leaf.id, mappable: [] });
    expect(problem.unmappable).toEqual([expect.objectContaining({ section: 'interface', op: 'modify', key: '100GE1/0/1', reason: expect.stringContaining('compiled from links') })]);
    expect(expectStatus(await c.api.get('/revisions?limit=1'), 200)).toEqual(before);
  });

  it('records an unreachable device and answers a problem naming it, keeping the last known running', async () => {
    const known = await lastKnown(f.leaf);
    const closedPort = await freePort();
    expectStatus(await c.api.patch(`/devices/${f.leaf.id}`, { managementPort: closedPort }), 200);
    const res = await c.api.post(`/devices/${f.leaf.id}/drift-check`, {});
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'DEVICE_UNAVAILABLE', deviceId: f.leaf.id, retryable: true });
    const drift = expectStatus(await c.api.get(`/devices/${f.leaf.id}/drift`), 200).drift;
    expect(drift).toMatchObject({ errorCode: 'TRANSIENT', error: expect.stringContaining(String(closedPort)), inSyncWithDesired: false });
    expect(await lastKnown(f.leaf)).toEqual(known);
    expect((await c.api.post(`/devices/${f.leaf.id}/sync`, {})).status).toBe(503);
    expectStatus(await c.api.patch(`/devices/${f.leaf.id}`, { managementPort: f.switches.get(f.leaf.id)?.netconf.port }), 200);
  });

  it('keeps drift away from tenant tokens and viewers cannot remediate', async () => {
    const viewer = expectStatus(await c.api.post('/tokens', { name: 'v', role: 'viewer' }), 201).token;
    expect((await c.api.as(viewer).get(`/devices/${f.leaf.id}/drift`)).status).toBe(200);
    expect((await c.api.as(viewer).post(`/devices/${f.leaf.id}/sync`, {})).status).toBe(403);
    const tenant = expectStatus(await c.api.post('/tenants', { name: 'drift-tenant' }), 201);
    const scoped = expectStatus(await c.api.post('/tokens', { name: 't', role: 'operator', tenantId: tenant.id }), 201).token;
    expect((await c.api.as(scoped).get(`/devices/${f.leaf.id}/drift`)).status).toBe(404);
    expect((await c.api.as(scoped).post(`/devices/${f.leaf.id}/drift-check`, {})).status).toBe(404);
    expect((await c.api.get('/devices/00000000-0000-4000-8000-000000000000/drift')).status).toBe(404);
  });
});

/** The scheduled check, on the leader, finds drift without any request. */
describe('scheduled drift check', () => {
  let c: TestController;
  let f: SwitchedFabric;
  beforeAll(async () => {
    c = await startTestController({ env: { SPINEL_DRIFT_CHECK_SECONDS: '1', SPINEL_SNMP_POLL_SECONDS: '0' } });
    f = await aSwitchedFabric(c.api);
  });
  afterAll(async () => {
    await f?.close();
    await c?.close();
  });

  it('records the running configuration, then finds a change made behind the controller', async () => {
    const desired = await f.desired(f.leaf);
    await f.configure(f.leaf, desired);
    const drift = (device: Json) => async () => expectStatus(await c.api.get(`/devices/${device.id}/drift`), 200).drift as Json | null;
    await eventually('leaf found in sync', drift(f.leaf), (d) => d?.inSyncWithDesired === true);
    const edited = clone(desired);
    (edited.interfaces.find((i) => i.role === 'fabric') as { description: string }).description = 'scheduled finds me';
    await f.configure(f.leaf, edited);
    const found = await eventually('drift found', drift(f.leaf), (d) => d?.drifted === true);
    expect(found?.diffRunning).toContain('scheduled finds me');
    // The spine never ran a Spinel configuration: its check is recorded as an error, not lost.
    expect(await drift(f.spine)()).toMatchObject({ errorCode: 'REJECTED', inSyncWithDesired: null });
    const cluster = expectStatus(await c.api.get('/cluster'), 200);
    expect(cluster.schedules.find((s: Json) => s.job === 'drift-check')).toMatchObject({ everySeconds: 1, enqueued: expect.any(Number) });
    expect(cluster.schedules.find((s: Json) => s.job === 'drift-check').enqueued).toBeGreaterThan(0);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
