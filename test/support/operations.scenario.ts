import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxDispatcher } from '../../apps/controller/src/jobs/outbox.dispatcher.js';
import { type ApiClient, aFabric, expectStatus, seed } from '#testing';
import { startTestController, type TestController, type TestControllerOptions, TEST_ADMIN_TOKEN } from './controller.harness.js';
import { EventStream } from './event-stream.js';
import { expectProblem } from './problem.js';

type Json = Record<string, any>;
const TERMINAL = ['succeeded', 'failed'];

async function withDb<T>(url: string, fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/** The reconcile jobs as the backend itself stores them: Redis keys under the prefix, or rows of BullMQ's schema. */
async function storedJobIds(c: TestController): Promise<string[]> {
  if (c.queue === 'redis') {
    const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
    try {
      const keys = await redis.keys(`${c.queuePrefix}:reconcile:outbox-*`);
      return keys.map((k) => k.slice(`${c.queuePrefix}:reconcile:`.length)).filter((k) => !k.includes(':'));
    } finally {
      redis.disconnect();
    }
  }
  return withDb(c.db.url, async (db) => (await db.query(`SELECT id FROM bullmq.job WHERE queue = 'reconcile'`)).rows.map((r) => r.id as string));
}

/** Poll an operation until it ends (the queue works in the background); fails after ~60 s without an end. */
export async function settled(api: ApiClient, id: string): Promise<Json> {
  for (let i = 0; i < 600; i++) {
    const op = expectStatus(await api.get(`/operations/${id}`), 200);
    if (TERMINAL.includes(op.state)) return op;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`operation ${id} did not end`);
}

const operationOf = (res: { status: number; headers: Headers }): string => {
  const id = res.headers.get('operation-id');
  expect(id, `status ${res.status}: no Operation-Id header`).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers.get('link')).toBe(`</api/v1/operations/${id}>; rel="operation"`);
  return id as string;
};

/**
 * The provisioning pipeline's contract, the same on every job backend: intent change → outbox →
 * reconcile job → operation with per-device steps, readable over REST and SSE, scoped per tenant.
 */
export function describeOperations(label: string, opts: TestControllerOptions): void {
  describe(`operations (${label})`, () => {
    let c: TestController;
    let fabric: Json;
    let leaves: Json[];

    beforeAll(async () => {
      c = await startTestController(opts);
      const seeded = await aFabric().withSpines(2).withLeaves(2).create(c.api);
      fabric = seeded.fabric;
      leaves = seeded.leaves;
    });
    afterAll(async () => {
      await c?.close();
    });

    it('carries every intent change in an operation whose per-device steps are the plan', async () => {
      const tenant = expectStatus(await c.api.post('/tenants', { name: `ops-${label}` }), 201);
      const vpcRes = await c.api.post('/vpcs', { tenantId: tenant.id, fabricId: fabric.id, name: 'ops-vpc', cidrs: ['10.8.0.0/16'] });
      expect(vpcRes.status).toBe(201);
      const lsRes = await c.api.post('/logical-switches', { vpcId: vpcRes.body.id, name: 'ops-ls', subnet: '10.8.1.0/24' });
      expect(lsRes.status).toBe(201);
      const portRes = await c.api.post('/logical-ports', { logicalSwitchId: lsRes.body.id, name: 'ops-port', binding: { kind: 'leaf-interface', deviceId: leaves[0]!.id, interfaceName: '10GE1/0/7' } });
      expect(portRes.status, JSON.stringify(portRes.body)).toBe(201);
      const ids = [vpcRes, lsRes, portRes].map(operationOf);
      expect(new Set(ids).size).toBe(3);

      const last = await settled(c.api, ids[2]!);
      expect(last).toMatchObject({ state: 'succeeded', revision: Number(portRes.headers.get('x-spinel-revision')) });
      expect(last.note).toMatch(/planned/);
      expect(last.startedAt).not.toBeNull();
      expect(last.finishedAt).not.toBeNull();
      const plan = expectStatus(await c.api.get(`/fabrics/${fabric.id}/plan`), 200);
      expect(plan.revision).toBe(last.revision);
      const planned = plan.devices.filter((d: Json) => d.status !== 'in-sync').map((d: Json) => ({ deviceId: d.deviceId, diff: d.changes }));
      expect(planned.length).toBe(4);
      expect(last.steps.map((s: Json) => ({ deviceId: s.deviceId, diff: s.diff })).sort(byDevice)).toEqual(planned.sort(byDevice));
      expect(last.steps.every((s: Json) => s.state === 'planned' && s.fabricId === fabric.id && s.revision === last.revision)).toBe(true);
      for (const id of ids) expect((await settled(c.api, id)).state).toBe('succeeded');

      const byRevision = expectStatus(await c.api.get(`/operations?revision=${last.revision}`), 200);
      expect(byRevision.items.map((o: Json) => o.id)).toEqual([last.id]);
      const succeeded = expectStatus(await c.api.get('/operations?state=succeeded&limit=500'), 200);
      expect(succeeded.items.map((o: Json) => o.id)).toEqual(expect.arrayContaining(ids));
      expect(expectStatus(await c.api.get('/operations?state=queued'), 200).total).toBe(0);
      expectProblem(await c.api.get('/operations/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
      expectProblem(await c.api.get('/operations/not-a-uuid'), 404, 'NOT_FOUND');
      expectProblem(await c.api.get('/operations?state=done'), 400);
      expectProblem(await c.api.get('/operations', { token: null }), 401);
      expect((await fetch(`${c.api.baseUrl}/api/v1/events`)).status).toBe(401);

      // Deletes carry their operation too; a no-op change creates none.
      const del = await c.api.delete(`/logical-ports/${portRes.body.id}`);
      expect(del.status).toBe(204);
      expect((await settled(c.api, operationOf(del))).state).toBe('succeeded');
      const same = await c.api.patch(`/vpcs/${vpcRes.body.id}`, { name: 'ops-vpc' });
      expect(same.status).toBe(200);
      expect(same.headers.get('operation-id')).toBeNull();
    });

    it('loses no change committed while no dispatcher runs, and coalesces the waiting ones into one reconcile', async () => {
      const dispatcher = c.running.app.get(OutboxDispatcher);
      await dispatcher.stop();
      const { vpc } = await seed.tenantVpc(c.api, fabric.id, { cidrs: ['10.9.0.0/16'] });
      const ids: string[] = [];
      for (const n of [1, 2, 3]) ids.push(operationOf(await c.api.post('/logical-switches', { vpcId: vpc.id, name: `crash-${n}`, subnet: `10.9.${n}.0/24` })));
      const db = new pg.Client({ connectionString: c.db.url });
      await db.connect();
      try {
        const { rows } = await db.query('SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL');
        expect(rows[0].n).toBeGreaterThanOrEqual(5);
        for (const id of ids) expect(expectStatus(await c.api.get(`/operations/${id}`), 200).state).toBe('queued');
        dispatcher.start();
        const done = await Promise.all(ids.map((id) => settled(c.api, id)));
        expect(done.map((o) => o.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
        // One reconcile ran at the newest revision and carried the two before it.
        const head = done[2]!.revision;
        for (const o of done) expect(o.steps.every((s: Json) => s.revision === head)).toBe(true);
        expect(done[0]!.note).toMatch(`coalesced into revision ${head}`);
        expect((await db.query('SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL')).rows[0].n).toBe(0);

        // A dispatcher that died after enqueueing but before marking the rows enqueues them again: same job ids, nothing new.
        const jobsBefore = (await storedJobIds(c)).sort();
        expect(jobsBefore.length).toBeGreaterThanOrEqual(3);
        await dispatcher.stop();
        await db.query('UPDATE outbox SET dispatched_at = NULL');
        expect(await dispatcher.dispatchPending()).toBeGreaterThanOrEqual(5);
        dispatcher.start();
        expect((await storedJobIds(c)).sort()).toEqual(jobsBefore);
        const again = await Promise.all(ids.map((id) => settled(c.api, id)));
        expect(again.map((o) => o.steps.length)).toEqual(done.map((o) => o.steps.length));
      } finally {
        await db.end();
      }
    });

    it('retries a reconcile that fails for a transient reason, with backoff, and then completes it', async () => {
      const queue = c.running.app.get<Queue>(getQueueToken('reconcile'));
      const { vpc } = await seed.tenantVpc(c.api, fabric.id, { cidrs: ['10.13.0.0/16'] });
      await settled(c.api, expectStatus(await c.api.get('/operations?limit=1'), 200).items[0].id);
      // Take the running-config table away: every reconcile of the fabric now fails.
      await withDb(c.db.url, (db) => db.query('ALTER TABLE device_configs RENAME TO device_configs_away'));
      let id: string;
      try {
        id = operationOf(await c.api.post('/logical-switches', { vpcId: vpc.id, name: 'retry-ls', subnet: '10.13.1.0/24' }));
        let retrying: any[] = [];
        for (let i = 0; i < 300 && retrying.length === 0; i++) {
          retrying = (await queue.getJobs(['delayed'])).filter((j) => j.attemptsMade >= 1);
          if (retrying.length === 0) await new Promise((r) => setTimeout(r, 100));
        }
        expect(retrying.length, 'a failed attempt waits in delayed for its backoff').toBeGreaterThan(0);
        expect(retrying[0].opts.backoff).toMatchObject({ type: 'exponential' });
        expect(expectStatus(await c.api.get(`/operations/${id}`), 200).state).toBe('running');
      } finally {
        await withDb(c.db.url, (db) => db.query('ALTER TABLE device_configs_away RENAME TO device_configs'));
      }
      const op = await settled(c.api, id);
      expect(op.state).toBe('succeeded');
      expect(op.steps.length).toBeGreaterThan(0);
    });

    it('streams operation and step events, resumable with Last-Event-ID', async () => {
      const stream = await EventStream.open(c.api.baseUrl, TEST_ADMIN_TOKEN);
      let id: string;
      try {
        expect(stream.contentType).toMatch(/^text\/event-stream/);
        const { vpc } = await seed.tenantVpc(c.api, fabric.id, { cidrs: ['10.10.0.0/16'] });
        id = operationOf(await c.api.post('/logical-switches', { vpcId: vpc.id, name: 'sse-ls', subnet: '10.10.1.0/24' }));
        const queued = await stream.next((e) => e.data.operationId === id, 'the queued event');
        expect(queued).toMatchObject({ event: 'operation', data: { state: 'queued' } });
        const step = await stream.next((e) => e.event === 'step' && e.data.operationId === id, 'a step');
        expect(step.data).toMatchObject({ fabricId: fabric.id, state: 'planned' });
        expect(step.data.diff).toBeUndefined();
        await stream.next((e) => e.data.operationId === id && e.data.state === 'succeeded', 'the end');
        const ours = stream.seen.filter((e) => e.data.operationId === id);
        expect(ours.every((e) => /^\d+$/.test(e.id ?? ''))).toBe(true);
        const resumed = await EventStream.open(c.api.baseUrl, TEST_ADMIN_TOKEN, queued.id);
        try {
          const replayed = await resumed.next((e) => e.data.operationId === id && e.data.state === 'succeeded', 'the replayed end');
          expect(replayed.id).toBe(ours[ours.length - 1]!.id);
          expect(resumed.seen.filter((e) => e.data.operationId === id).map((e) => e.id)).toEqual(ours.slice(1).map((e) => e.id));
        } finally {
          await resumed.close();
        }
      } finally {
        await stream.close();
      }
    });

    it("keeps a tenant's operations and events from other tenants", async () => {
      const a = await seed.tenantVpc(c.api, fabric.id, { cidrs: ['10.11.0.0/16'] });
      const b = await seed.tenantVpc(c.api, fabric.id, { cidrs: ['10.12.0.0/16'] });
      const tokenA = expectStatus(await c.api.post('/tokens', { name: `ops-a-${label}`, role: 'operator', tenantId: a.tenant.id }), 201).token;
      const asA = c.api.as(tokenA);
      const stream = await EventStream.open(c.api.baseUrl, tokenA);
      try {
        const opB = operationOf(await c.api.post('/logical-switches', { vpcId: b.vpc.id, name: 'b-ls', subnet: '10.12.1.0/24' }));
        await settled(c.api, opB);
        const opA = operationOf(await asA.post('/logical-switches', { vpcId: a.vpc.id, name: 'a-ls', subnet: '10.11.1.0/24' }));
        await stream.next((e) => e.data.operationId === opA && e.data.state === 'succeeded', "tenant A's end");
        expect(stream.seen.some((e) => e.data.operationId === opB)).toBe(false);
        // Whatever else it saw is tenant A's own (its VPC's operation may still have been finishing).
        for (const op of new Set(stream.seen.map((e) => e.data.operationId as string))) expect((await asA.get(`/operations/${op}`)).status).toBe(200);

        expect((await asA.get(`/operations/${opB}`)).status).toBe(404);
        const own = expectStatus(await asA.get(`/operations/${opA}`), 200);
        expect(own.state).toBe('succeeded');
        expect(own.steps.length).toBeGreaterThan(0);
        // Devices are fabric infrastructure: a tenant sees its steps' states, not which device or what changes there.
        expect(own.steps.every((s: Json) => s.diff === undefined && s.deviceId === undefined && s.device === undefined && s.state === 'planned')).toBe(true);
        const steps = stream.seen.filter((e) => e.event === 'step');
        expect(steps.length).toBeGreaterThan(0);
        expect(steps.every((e) => e.data.deviceId === undefined && e.data.device === undefined)).toBe(true);
        const listed = expectStatus(await asA.get('/operations?limit=500'), 200);
        const listedIds = listed.items.map((o: Json) => o.id);
        expect(listedIds).toContain(opA);
        expect(listedIds).not.toContain(opB);
        const revisionsOfA = expectStatus(await asA.get('/revisions?limit=500'), 200).items.map((r: Json) => r.number);
        expect(listed.items.map((o: Json) => o.revision).sort()).toEqual(revisionsOfA.sort());
      } finally {
        await stream.close();
      }
    });
  });
}

const byDevice = (x: { deviceId: string }, y: { deviceId: string }) => x.deviceId.localeCompare(y.deviceId);
