import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CeNetconfDriver } from '#drivers';
import { type DeviceIntent, canonicalize } from '#intent';
import { expectStatus } from '#testing';
import { type RunningController, startController } from '../apps/controller/src/bootstrap.js';
import { loadConfig } from '../apps/controller/src/config.js';
import { startTestController, type TestController, TEST_ADMIN_TOKEN } from './support/controller.harness.js';
import { settled } from './support/operations.scenario.js';
import { EmulatedFabric, type SwitchedDevice } from './support/provisioning.fabric.js';

type Json = Record<string, any>;
const PASSWORD = 'push-test-password';

/**
 * A controller that stopped mid-transaction leaves its durable record and its devices'
 * confirmed commits pending; the controller that starts next settles them from the record.
 * The stopped controller is played by this test: its drivers commit, its rows are written, and it
 * never comes back (its leases are gone).
 */
describe('provisioning: recovery of a transaction whose controller stopped', () => {
  let c: TestController;
  let f: EmulatedFabric;
  let db: DataSource;
  let second: RunningController | undefined;
  const secondDir = mkdtempSync(join(tmpdir(), 'spinel-recovery-'));

  beforeAll(async () => {
    // The first controller only plans: the devices differ from their intent until someone pushes.
    c = await startTestController();
    f = await new EmulatedFabric(c.api).create(1, 1);
    const tenant = expectStatus(await c.api.post('/tenants', { name: 'rec-t' }), 201);
    const vpc = expectStatus(await c.api.post('/vpcs', { tenantId: tenant.id, fabricId: f.fabric.id, name: 'rec-vpc', cidrs: ['10.9.0.0/16'] }), 201);
    const ls = expectStatus(await c.api.post('/logical-switches', { vpcId: vpc.id, name: 'rec-ls', subnet: '10.9.1.0/24' }), 201);
    const res = await c.api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'rec-p', binding: { kind: 'leaf-interface', deviceId: f.leaves[0]!.device.id, interfaceName: '10GE1/0/1' } });
    expect((await settled(c.api, res.headers.get('operation-id') as string)).state).toBe('succeeded');
    db = c.running.app.get(DataSource);
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await c?.close();
    await f?.close();
    rmSync(secondDir, { recursive: true, force: true });
  });

  /** As the stopped controller: a confirmed commit of the desired config on `d`, with persist id `persistId`. */
  async function commitAsStoppedController(d: SwitchedDevice, desired: DeviceIntent, persistId: string): Promise<void> {
    const drv = new CeNetconfDriver({ name: d.device.name, role: d.device.role, platform: 'ce-netconf', host: '127.0.0.1', port: d.sw.netconf.port, username: 'admin', password: PASSWORD, pinnedHostKey: d.sw.netconf.hostKey.fingerprint });
    try {
      await drv.open();
      await drv.loadCandidate(desired, 'replace');
      await drv.commit({ confirmTimeoutSeconds: 60, persistId });
    } finally {
      await drv.close(); // the session ends; the persisted confirmed commit stays pending
    }
  }

  async function recordTransaction(state: 'committing' | 'committed', devices: { d: SwitchedDevice; desired: DeviceIntent; persistId: string; state: string }[]): Promise<string> {
    const id = randomUUID();
    const plan = expectStatus(await c.api.get(`/fabrics/${f.fabric.id}/plan`), 200);
    await db.query(
      `INSERT INTO provisioning_transactions (id, fabric_id, revision, operation_ids, holder, state, confirm_deadline) VALUES ($1, $2, $3, '{}', 'controller-stopped', $4, now() + interval '50 seconds')`,
      [id, f.fabric.id, plan.revision, state],
    );
    for (const x of devices) {
      await db.query(`INSERT INTO provisioning_transaction_devices (transaction_id, device_id, device_name, state, persist_id, desired) VALUES ($1, $2, $3, $4, $5, $6)`, [
        id,
        x.d.device.id,
        x.d.device.name,
        x.state,
        x.persistId,
        JSON.stringify(x.desired),
      ]);
    }
    return id;
  }

  async function txState(id: string): Promise<string> {
    for (let i = 0; i < 300; i++) {
      const [row] = await db.query('SELECT state FROM provisioning_transactions WHERE id = $1', [id]);
      if (!['loading', 'committing', 'committed'].includes(row.state)) return row.state;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`transaction ${id} was not settled`);
  }

  it('rolls back a transaction that stopped between commits: every device back on its old configuration', async () => {
    const before = f.snapshot();
    const [spine, leaf] = [f.devices[0]!, f.leaves[0]!];
    const desired = new Map<string, DeviceIntent>();
    for (const d of f.devices) desired.set(d.device.name, await f.desired(d));
    // The spine committed; the leaf's commit never happened (the controller stopped first).
    await commitAsStoppedController(spine, desired.get(spine.device.name)!, 'stopped-spine-1');
    expect(spine.sw.store.confirmedCommitPending).toBe(true);
    const tx = await recordTransaction('committing', [
      { d: spine, desired: desired.get(spine.device.name)!, persistId: 'stopped-spine-1', state: 'committed' },
      { d: leaf, desired: desired.get(leaf.device.name)!, persistId: 'stopped-leaf-1', state: 'committing' },
    ]);

    // The next controller (pushing) starts on the same database and settles the record.
    const env: Record<string, string> = { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: c.db.url, SPINEL_DATA_DIR: secondDir, SPINEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN, SPINEL_SECRET_KEY: 'test-secret', SPINEL_PUSH: 'on' };
    if (c.queue === 'redis') Object.assign(env, { REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379', SPINEL_QUEUE_PREFIX: c.queuePrefix });
    second = await startController(loadConfig(env), { databaseRetries: 1, logger: ['error'] });
    expect(await txState(tx)).toBe('rolled-back');
    expect(spine.sw.store.confirmedCommitPending).toBe(false);
    expect(f.snapshot()).toEqual(before);
    const [rows] = await db.query(`SELECT count(*)::int AS n FROM provisioning_transaction_devices WHERE transaction_id = $1 AND state = 'rolled-back'`, [tx]);
    expect(rows.n).toBe(2);
  }, 60_000);

  it('confirms a transaction that stopped after every device committed, by the persisted persist ids', async () => {
    const desired = new Map<string, DeviceIntent>();
    for (const d of f.devices) desired.set(d.device.name, await f.desired(d));
    for (const d of f.devices) await commitAsStoppedController(d, desired.get(d.device.name)!, `stopped-${d.device.name}-2`);
    const tx = await recordTransaction(
      'committed',
      f.devices.map((d) => ({ d, desired: desired.get(d.device.name)!, persistId: `stopped-${d.device.name}-2`, state: 'committed' })),
    );
    expect(await txState(tx)).toBe('confirmed');
    for (const d of f.devices) {
      expect(d.sw.store.confirmedCommitPending, d.device.name).toBe(false);
      expect(f.running(d), d.device.name).toEqual(canonicalize(desired.get(d.device.name)!));
    }
    // Recorded as running: the plan shows nothing left to push.
    const plan = expectStatus(await c.api.get(`/fabrics/${f.fabric.id}/plan`), 200);
    expect(plan.devices.map((d: Json) => d.status)).toEqual(['in-sync', 'in-sync']);
  }, 60_000);
});
