import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, provisionDatabase, type TestDatabase } from '#testing';
import { deleteRedisKeys } from './controller.harness.js';
import { ControllerProcess } from './leader-controller-process.js';
import { eventually } from './drift.scenario.js';

type Json = Record<string, any>;
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * Two controller processes against one database (and, for `redis`, one Redis prefix): one leader
 * at a time runs the periodic schedule; killing it by PID moves the schedule to the other.
 */
export function describeLeaderElection(lease: 'redis' | 'postgres'): void {
  describe(`leader election with the lease in ${lease === 'redis' ? 'Redis' : 'PostgreSQL'}`, () => {
    let db: TestDatabase;
    const prefix = `spinel-t-${randomBytes(5).toString('hex')}`;
    const procs: ControllerProcess[] = [];
    const env = () => ({
      DATABASE_URL: db.url,
      SPINEL_LEADER_LEASE_MS: '1500',
      SPINEL_LEADER_RENEW_MS: '250',
      SPINEL_DRIFT_CHECK_SECONDS: '1',
      SPINEL_SNMP_POLL_SECONDS: '1',
      ...(lease === 'redis' ? { REDIS_URL, SPINEL_QUEUE_PREFIX: prefix } : {}),
    });

    beforeAll(async () => {
      db = await provisionDatabase('auto');
      procs.push(await ControllerProcess.start({ ...env(), SPINEL_NODE_ID: 'node-a' })); // migrates first
      procs.push(await ControllerProcess.start({ ...env(), SPINEL_NODE_ID: 'node-b' }));
    });
    afterAll(async () => {
      for (const p of procs) await p.stop('SIGKILL');
      await db?.drop();
      if (lease === 'redis') await deleteRedisKeys(REDIS_URL, `${prefix}:*`);
    });

    const cluster = async (p: ControllerProcess) => expectStatus(await p.api.get('/cluster'), 200) as Json;
    /** Who enqueued each periodic job the queue holds. */
    const enqueuers = async (): Promise<string[]> => {
      if (lease === 'redis') {
        const u = new URL(REDIS_URL);
        const queue = new Queue('periodic', { connection: { host: u.hostname, port: Number(u.port || 6379) }, prefix });
        try {
          return (await queue.getJobs(['completed', 'failed', 'waiting', 'active', 'delayed'])).map((j) => j.data.enqueuedBy as string);
        } finally {
          await queue.close();
        }
      }
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        return (await client.query(`SELECT data FROM bullmq.job WHERE queue = 'periodic'`)).rows.map((r) => (typeof r.data === 'string' ? JSON.parse(r.data) : r.data).enqueuedBy as string);
      } finally {
        await client.end();
      }
    };

    it('elects exactly one leader, which alone enqueues the periodic jobs', async () => {
      const [a, b] = procs as [ControllerProcess, ControllerProcess];
      const views = await eventually('one leader seen by both', async () => [await cluster(a), await cluster(b)], ([x, y]) => !!x?.leader && x.leader === y?.leader);
      const [va, vb] = views as [Json, Json];
      expect([va.nodeId, vb.nodeId]).toEqual(['node-a', 'node-b']);
      expect([va.isLeader, vb.isLeader].filter(Boolean)).toHaveLength(1);
      expect(va.lease).toMatchObject({ store: lease, ttlMs: 1500, renewMs: 250 });
      expect(Date.parse(va.leaseExpiresAt)).toBeGreaterThan(0);
      const leader = va.isLeader ? a : b;
      const follower = va.isLeader ? b : a;
      const leaderId = va.leader as string;

      // Rounds came due in both processes; only the leader enqueued them.
      await eventually('leader enqueued rounds', () => cluster(leader), (v) => v.schedules.every((s: Json) => s.enqueued >= 2));
      const followerView = await eventually('rounds due on the follower', () => cluster(follower), (v) => v.schedules.every((s: Json) => s.skippedNotLeader >= 2));
      expect(followerView.schedules.map((s: Json) => [s.job, s.enqueued])).toEqual([['drift-check', 0], ['snmp-poll', 0]]);
      const by = await enqueuers();
      expect(by.length).toBeGreaterThan(0);
      expect(new Set(by)).toEqual(new Set([leaderId]));
    });

    it('moves the leadership and the schedule to the other process when the leader is killed', async () => {
      const [a, b] = procs as [ControllerProcess, ControllerProcess];
      const leader = (await cluster(a)).isLeader ? a : b;
      const survivor = leader === a ? b : a;
      const survivorId = (await cluster(survivor)).nodeId as string;
      await leader.stop('SIGKILL'); // no shutdown hook: the lease is not released, it expires
      const v = await eventually('survivor leads', () => cluster(survivor), (x) => x.isLeader === true);
      expect(v.leader).toBe(survivorId);
      await eventually('survivor enqueues', () => cluster(survivor), (x) => x.schedules.every((s: Json) => s.enqueued >= 1));
      expect(await enqueuers()).toContain(survivorId);
    });

    it('hands the lease over at once when a leader shuts down cleanly', async () => {
      const next = await ControllerProcess.start({ ...env(), SPINEL_NODE_ID: 'node-c' });
      procs.push(next);
      const current = procs.find((p) => p.alive && p !== next) as ControllerProcess;
      expect((await cluster(next)).leader).not.toBe('node-c');
      await current.stop('SIGTERM'); // releases the lease
      const v = await eventually('node-c leads', () => cluster(next), (x) => x.isLeader === true);
      expect(v).toMatchObject({ nodeId: 'node-c', leader: 'node-c' });
    });
  });
}
