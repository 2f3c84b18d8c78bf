import { ApiTokenEntity } from '#persistence';
import { expectStatus } from '#testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectProblem, revisionHead } from './support/problem.js';

/** Who may talk to the controller at all: bearer tokens, their life cycle, and the open endpoints. */
describe('authentication', () => {
  let c: TestController;
  beforeAll(async () => {
    c = await startTestController();
  });
  afterAll(async () => {
    await c?.close();
  });

  const expect401 = (res: Awaited<ReturnType<TestController['api']['get']>>, why: RegExp) => {
    const problem = expectProblem(res, 401, 'UNAUTHENTICATED');
    expect(problem.detail).toMatch(why);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="spinel"/);
    return problem;
  };

  it('refuses a request without a token with 401, a problem document and a WWW-Authenticate challenge', async () => {
    const anonymous = c.api.as(null);
    for (const path of ['/vpcs', '/fabrics', '/whoami', '/revisions', '/tokens']) {
      expect401(await anonymous.get(path), /needs a bearer token/);
    }
  });

  it('refuses malformed Authorization headers', async () => {
    const anonymous = c.api.as(null);
    const headers = ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer ', 'Token abc', `Bearer two words`, 'spn_no-scheme'];
    for (const authorization of headers) {
      expect401(await anonymous.get('/whoami', { headers: { authorization } }), /must read 'Bearer <token>'/);
    }
  });

  it('refuses an unknown token, even one that looks like a real one', async () => {
    expect401(await c.api.as('spn_this-token-was-never-issued-00000000000000').get('/whoami'), /not known/);
    // One character off the real admin token.
    expect401(await c.api.as(`${c.api.token}x`).get('/whoami'), /not known/);
  });

  it('accepts the scheme name case-insensitively and names the caller on /whoami', async () => {
    const res = await c.api.as(null).get('/whoami', { headers: { authorization: `bearer ${c.api.token}` } });
    expect(expectStatus(res, 200)).toMatchObject({ name: 'bootstrap-admin', role: 'admin', tenantId: null });
  });

  it('a write without a token is refused before anything is written', async () => {
    const head = await revisionHead(c.api);
    expect401(await c.api.as(null).post('/tenants', { name: 'sneaky' }), /needs a bearer token/);
    expect401(await c.api.as('spn_unknown').post('/tenants', { name: 'sneaky' }), /not known/);
    expect(await revisionHead(c.api)).toBe(head);
    expect(expectStatus(await c.api.get('/tenants?name=sneaky'), 200).total).toBe(0);
  });

  it('a revoked token stops working at once', async () => {
    const created = expectStatus(await c.api.post('/tokens', { name: 'short-lived', role: 'operator' }), 201);
    const operator = c.api.as(created.token);
    expect(expectStatus(await operator.get('/whoami'), 200)).toMatchObject({ name: 'short-lived', role: 'operator' });

    expectStatus(await c.api.delete(`/tokens/${created.id}`), 204);
    expect401(await operator.get('/whoami'), /revoked/);
    expect401(await operator.post('/tenants', { name: 'after-revoke' }), /revoked/);
    expect(expectStatus(await c.api.get(`/tokens/${created.id}`), 200).revokedAt).toEqual(expect.any(String));
  });

  it('an expired token is refused, and a token cannot be created already expired', async () => {
    const inAMinute = new Date(Date.now() + 60_000).toISOString();
    const created = expectStatus(await c.api.post('/tokens', { name: 'expiring', role: 'viewer', expiresAt: inAMinute }), 201);
    const viewer = c.api.as(created.token);
    expectStatus(await viewer.get('/whoami'), 200);

    // Let the clock pass the expiry without sleeping: move the expiry into the past in the database.
    const ds = c.running.app.get(DataSource);
    await ds.manager.update(ApiTokenEntity, { id: created.id }, { expiresAt: new Date(Date.now() - 1000) });
    expect401(await viewer.get('/whoami'), /expired/);
    expect401(await viewer.get('/fabrics'), /expired/);

    const past = expectProblem(await c.api.post('/tokens', { name: 'stale', role: 'viewer', expiresAt: '2001-01-01T00:00:00Z' }), 422, 'INVALID_VALUE');
    expect(past.errors).toEqual([expect.objectContaining({ field: 'expiresAt' })]);
  });

  it('serves the health endpoints without a token (and ignores a bad one there)', async () => {
    expect(expectStatus(await c.api.as(null).get('/healthz'), 200)).toEqual({ status: 'ok' });
    const ready = expectStatus(await c.api.as(null).get('/readyz'), 200);
    expect(ready).toMatchObject({ status: 'ready', database: 'ok', migrations: 'applied', revision: expect.any(Number) });
    expectStatus(await c.api.as('spn_garbage').get('/healthz'), 200);
  });

  it('serves the OpenAPI document without a token, listing the resource paths and the bearer scheme', async () => {
    const res = await c.api.as(null).get('/api/openapi.json');
    const doc = expectStatus(res, 200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(doc.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/api/v1/fabrics',
      '/api/v1/devices',
      '/api/v1/links',
      '/api/v1/tenants',
      '/api/v1/vpcs',
      '/api/v1/vpcs/{id}',
      '/api/v1/logical-switches',
      '/api/v1/logical-routers',
      '/api/v1/logical-ports',
      '/api/v1/security-policies',
      '/api/v1/container-nodes',
      '/api/v1/external-gateways',
      '/api/v1/tokens',
      '/api/v1/whoami',
      '/api/v1/revisions',
    ]) {
      expect(paths).toContain(p);
    }
    const schemes = Object.values(doc.components?.securitySchemes ?? {}) as { type: string; scheme?: string }[];
    expect(schemes).toContainEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    // The operations say they need it.
    const [schemeName] = Object.keys(doc.components.securitySchemes);
    expect(doc.paths['/api/v1/vpcs'].get.security).toContainEqual({ [schemeName as string]: [] });
    expect(doc.paths['/api/v1/vpcs'].post.requestBody).toBeDefined();

    const ui = await c.api.as(null).get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
