import { ApiTokenEntity } from '#persistence';
import { type ApiClient, expectStatus, seed } from '#testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController, TEST_ADMIN_TOKEN, type TestController } from './support/controller.harness.js';
import { expectProblem, revisionHead } from './support/problem.js';

/** admin > operator > viewer: reads need viewer, intent writes operator, token management admin. */
describe('roles', () => {
  let c: TestController;
  let viewer: ApiClient;
  let operator: ApiClient;
  let viewerToken: { id: string; token: string };
  let tenant: Record<string, any>;

  beforeAll(async () => {
    c = await startTestController();
    viewerToken = expectStatus(await c.api.post('/tokens', { name: 'auditor', role: 'viewer' }), 201);
    viewer = c.api.as(viewerToken.token);
    operator = c.api.as(expectStatus(await c.api.post('/tokens', { name: 'netops', role: 'operator' }), 201).token);
    tenant = await seed.tenant(c.api, { description: 'original' });
  });
  afterAll(async () => {
    await c?.close();
  });

  it('a viewer can read intent, revisions and itself', async () => {
    expect(expectStatus(await viewer.get('/whoami'), 200)).toMatchObject({ name: 'auditor', role: 'viewer', tenantId: null });
    expect(expectStatus(await viewer.get('/tenants'), 200).items.map((t: { id: string }) => t.id)).toContain(tenant.id);
    expect(expectStatus(await viewer.get(`/tenants/${tenant.id}`), 200).description).toBe('original');
    expectStatus(await viewer.get('/fabrics'), 200);
    expectStatus(await viewer.get('/revisions'), 200);
  });

  it('a viewer cannot create, change or delete anything, and nothing is written', async () => {
    const head = await revisionHead(c.api);
    const forbidden = [
      await viewer.post('/tenants', { name: 'not-allowed' }),
      await viewer.post('/fabrics', { name: 'dc9', asn: 65009 }),
      await viewer.patch(`/tenants/${tenant.id}`, { description: 'changed' }),
      await viewer.patch(`/tenants/${tenant.id}`, { description: 'changed' }, { headers: { 'if-match': '*' } }),
      await viewer.delete(`/tenants/${tenant.id}`),
      await viewer.delete(`/tenants/${tenant.id}?cascade=true`),
    ];
    for (const res of forbidden) {
      const problem = expectProblem(res, 403, 'FORBIDDEN');
      expect(problem.detail).toMatch(/needs the operator role.*'auditor' has viewer/);
    }
    expect(await revisionHead(c.api)).toBe(head);
    const after = expectStatus(await c.api.get(`/tenants/${tenant.id}`), 200);
    expect(after).toMatchObject({ description: 'original', version: tenant.version });
    expect(expectStatus(await c.api.get('/tenants?name=not-allowed'), 200).total).toBe(0);
    expect(expectStatus(await c.api.get('/fabrics'), 200).total).toBe(0);
  });

  it('a viewer cannot see or manage tokens', async () => {
    expectProblem(await viewer.get('/tokens'), 403, 'FORBIDDEN');
    expectProblem(await viewer.get(`/tokens/${viewerToken.id}`), 403, 'FORBIDDEN');
    expectProblem(await viewer.post('/tokens', { name: 'escalate', role: 'admin' }), 403, 'FORBIDDEN');
  });

  it('an operator writes intent', async () => {
    const t = expectStatus(await operator.post('/tenants', { name: 'ops-tenant' }), 201);
    const changed = expectStatus(await operator.patch(`/tenants/${t.id}`, { description: 'by operator' }), 200);
    expect(changed.description).toBe('by operator');
    expectStatus(await operator.delete(`/tenants/${t.id}`), 204);
    expectProblem(await operator.get(`/tenants/${t.id}`), 404, 'NOT_FOUND');
  });

  it('an operator cannot manage tokens (403) and creates none', async () => {
    const before = expectStatus(await c.api.get('/tokens'), 200).total;
    for (const res of [
      await operator.get('/tokens'),
      await operator.get(`/tokens/${viewerToken.id}`),
      await operator.post('/tokens', { name: 'escalate', role: 'admin' }),
      await operator.delete(`/tokens/${viewerToken.id}`),
    ]) {
      expect(expectProblem(res, 403, 'FORBIDDEN').detail).toMatch(/needs the admin role.*'netops' has operator/);
    }
    expect(expectStatus(await c.api.get('/tokens'), 200).total).toBe(before);
    expectStatus(await viewer.get('/whoami'), 200); // the viewer's token was not revoked
  });

  it('an admin creates, lists, reads and revokes tokens; the secret is shown only once', async () => {
    const created = expectStatus(await c.api.post('/tokens', { name: 'ci-pipeline', role: 'operator' }), 201);
    expect(created).toMatchObject({ id: expect.any(String), name: 'ci-pipeline', role: 'operator', tenantId: null, expiresAt: null, revokedAt: null });
    const secret: string = created.token;
    expect(secret).toMatch(/^spn_[A-Za-z0-9_-]{40,}$/);
    expect(created.prefix.length).toBeLessThan(secret.length / 2);
    expect(secret.startsWith(created.prefix)).toBe(true);
    expectStatus(await c.api.as(secret).get('/whoami'), 200);

    const listed = expectStatus(await c.api.get('/tokens?limit=500'), 200);
    const fetched = expectStatus(await c.api.get(`/tokens/${created.id}`), 200);
    for (const shown of [listed, fetched]) {
      const text = JSON.stringify(shown);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(TEST_ADMIN_TOKEN);
      expect(text).not.toMatch(/tokenHash|token_hash/);
    }
    expect(fetched).not.toHaveProperty('token');
    expect(fetched.prefix).toBe(created.prefix);
    const item = listed.items.find((t: { id: string }) => t.id === created.id);
    expect(item).toEqual(fetched);
    expect(listed.items.every((t: object) => !('token' in t))).toBe(true);
    expect(listed.items.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['bootstrap-admin', 'auditor', 'netops', 'ci-pipeline']));

    expectStatus(await c.api.delete(`/tokens/${created.id}`), 204);
    expect(expectStatus(await c.api.get(`/tokens/${created.id}`), 200).revokedAt).toEqual(expect.any(String));
    expectProblem(await c.api.as(secret).get('/whoami'), 401, 'UNAUTHENTICATED');
    expectProblem(await c.api.delete('/tokens/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
  });

  it('refuses a tenant-scoped admin token (422) and creates nothing', async () => {
    const before = expectStatus(await c.api.get('/tokens'), 200).total;
    const problem = expectProblem(await c.api.post('/tokens', { name: 'tenant-admin', role: 'admin', tenantId: tenant.id }), 422, 'INVALID_VALUE');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'role' })]);
    const missingTenant = expectProblem(await c.api.post('/tokens', { name: 'orphan', role: 'viewer', tenantId: '00000000-0000-4000-8000-000000000000' }), 422);
    expect(missingTenant.errors).toEqual([expect.objectContaining({ field: 'tenantId' })]);
    expect(expectStatus(await c.api.get('/tokens'), 200).total).toBe(before);
  });

  it('the last active admin token cannot be revoked (409); expired or revoked admins do not count', async () => {
    const tokens = expectStatus(await c.api.get('/tokens?limit=500'), 200).items as { id: string; name: string }[];
    const bootstrap = tokens.find((t) => t.name === 'bootstrap-admin');
    if (!bootstrap) throw new Error('no bootstrap-admin token listed');

    expect(expectProblem(await c.api.delete(`/tokens/${bootstrap.id}`), 409, 'CONFLICT').detail).toMatch(/last active admin/);
    expectStatus(await c.api.get('/whoami'), 200);

    // A revoked second admin is no way back in.
    const second = expectStatus(await c.api.post('/tokens', { name: 'second-admin', role: 'admin' }), 201);
    expectStatus(await c.api.delete(`/tokens/${second.id}`), 204);
    expectProblem(await c.api.delete(`/tokens/${bootstrap.id}`), 409, 'CONFLICT');

    // Nor is an expired one.
    const third = expectStatus(await c.api.post('/tokens', { name: 'third-admin', role: 'admin', expiresAt: new Date(Date.now() + 60_000).toISOString() }), 201);
    await c.running.app.get(DataSource).manager.update(ApiTokenEntity, { id: third.id }, { expiresAt: new Date(Date.now() - 1000) });
    expectProblem(await c.api.as(third.token).get('/whoami'), 401);
    expectProblem(await c.api.delete(`/tokens/${bootstrap.id}`), 409, 'CONFLICT');
    expectStatus(await c.api.get('/whoami'), 200);

    // With a working second admin, the first can go; then the second is the last.
    const fourth = expectStatus(await c.api.post('/tokens', { name: 'fourth-admin', role: 'admin' }), 201);
    const admin2 = c.api.as(fourth.token);
    expectStatus(await admin2.delete(`/tokens/${bootstrap.id}`), 204);
    expectProblem(await c.api.get('/whoami'), 401, 'UNAUTHENTICATED');
    expectProblem(await admin2.delete(`/tokens/${fourth.id}`), 409, 'CONFLICT');
    expectStatus(await admin2.get('/whoami'), 200);
  });
});
