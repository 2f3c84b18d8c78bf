import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { DECLARED_JOBS, JobRegistry, RECONCILE_JOB } from '../apps/controller/src/jobs/job-registry.js';
import { startTestController } from './support/controller.harness.js';
import { settled } from './support/operations.scenario.js';

describe('job handlers', () => {
  it('refuses to start when a declared job has no handler, naming it and the handlers it knows', async () => {
    const missing = { queue: 'reconcile', name: 'push-device' };
    DECLARED_JOBS.push(missing);
    try {
      await expect(startTestController()).rejects.toThrow('jobs without a handler: reconcile/push-device (handlers registered: reconcile/reconcile, periodic/drift-check, periodic/snmp-poll)');
    } finally {
      DECLARED_JOBS.splice(DECLARED_JOBS.indexOf(missing), 1);
    }
    // With every job handled, the same start-up succeeds, and jobs run: a change that touches no
    // fabric (there is none yet) ends at once with nothing to do.
    const c = await startTestController();
    try {
      const res = await c.api.post('/tenants', { name: 'no-fabric-yet' });
      expect(res.status).toBe(201);
      const op = await settled(c.api, res.headers.get('operation-id') as string);
      expect(op).toMatchObject({ state: 'succeeded', note: 'no device affected', steps: [], fabrics: [] });
    } finally {
      await c.close();
    }
  });

  it('fails a job nobody handles at once instead of retrying it', async () => {
    const registry = new JobRegistry([RECONCILE_JOB], [{ ...RECONCILE_JOB, handle: async () => 'done' }]);
    registry.onModuleInit();
    await expect(registry.run('reconcile', { name: 'reconcile' } as never)).resolves.toBe('done');
    await expect(registry.run('reconcile', { name: 'unknown' } as never)).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('refuses two handlers for one job', () => {
    const h = { ...RECONCILE_JOB, handle: async () => undefined };
    expect(() => new JobRegistry([RECONCILE_JOB], [h, h])).toThrow('two handlers for job reconcile/reconcile');
  });
});
