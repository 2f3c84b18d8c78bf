import { type ApiResponse, expectStatus, seed } from '#testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectProblem, revisionHead } from './support/problem.js';

type Json = Record<string, any>;

/** The edges of the HTTP contract: strict bodies and queries, media types, ids in paths, pages. */
describe('HTTP edges', () => {
  let c: TestController;
  let ls: Json;
  let port: Json;
  beforeAll(async () => {
    c = await startTestController();
    const fabric = expectStatus(await c.api.post('/fabrics', { name: 'dc-edges', asn: 65020 }), 201);
    const tenant = await seed.tenant(c.api);
    const vpc = await seed.vpc(c.api, fabric.id, tenant.id);
    ls = await seed.logicalSwitch(c.api, vpc.id);
    port = await seed.port(c.api, ls.id);
  });
  afterAll(async () => {
    await c?.close();
  });

  const fieldsOf = (problem: Json): string[] => (problem.errors ?? []).map((e: { field: string }) => e.field);

  it('an unknown body field is a 400 naming the field, and nothing is written', async () => {
    const head = await revisionHead(c.api);
    const problem = expectProblem(await c.api.post('/tenants', { name: 'strict', colour: 'blue' }), 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([{ field: 'colour', message: "unknown field 'colour'" }]);
    expect(problem.detail).toContain('colour');
    const patch = expectProblem(await c.api.patch(`/logical-ports/${port.id}`, { labels: { a: 'b' }, tenantId: ls.tenantId }), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(patch)).toEqual(['tenantId']);
    expect(await revisionHead(c.api)).toBe(head);
    expect(expectStatus(await c.api.get('/tenants?name=strict'), 200).total).toBe(0);
    expect(expectStatus(await c.api.get(`/logical-ports/${port.id}`), 200).labels).toEqual({});
  });

  it('an unknown field inside a nested object is named by its path', async () => {
    const body = { logicalSwitchId: ls.id, name: 'nested', binding: { kind: 'leaf-interface', bogus: 1 } };
    const problem = expectProblem(await c.api.post('/logical-ports', body), 400, 'VALIDATION_FAILED');
    expect(problem.errors).toContainEqual({ field: 'binding.bogus', message: "unknown field 'binding.bogus'" });
    const owner = expectProblem(await c.api.patch(`/logical-ports/${port.id}`, { owner: { kind: 'Pod', name: 'x', namespace: 'y' } }), 400);
    expect(fieldsOf(owner)).toEqual(['owner.namespace']);
    // A field of the wrong type is named too, and nothing is coerced.
    expect(fieldsOf(expectProblem(await c.api.post('/tenants', { name: 42 }), 400))).toContain('name');
  });

  it('an unknown query parameter on a list is a 400 naming it', async () => {
    const problem = expectProblem(await c.api.get('/vpcs?colour=blue'), 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([{ field: 'colour', message: "unknown field 'colour'" }]);
    expect(fieldsOf(expectProblem(await c.api.get('/logical-ports?limit=5&nme=x'), 400))).toEqual(['nme']);
    expect(fieldsOf(expectProblem(await c.api.get('/revisions?kind=vpc&objectid=x'), 400))).toEqual(['objectid']);
    expect(fieldsOf(expectProblem(await c.api.get('/vpcs?tenantId=not-a-uuid'), 400))).toEqual(['tenantId']);
  });

  it('malformed JSON is a 400 MALFORMED_BODY; so are JSON documents that are not objects', async () => {
    const head = await revisionHead(c.api);
    for (const raw of ['{"name": "half', '{name: "unquoted"}', 'null', '"a string"', '42']) {
      expectProblem(await c.api.post('/tenants', undefined, { raw }), 400, 'MALFORMED_BODY');
    }
    expectProblem(await c.api.patch(`/logical-ports/${port.id}`, undefined, { raw: '{,}' }), 400, 'MALFORMED_BODY');
    // An array parses, but is not the object the endpoint takes.
    expectProblem(await c.api.post('/tenants', [{ name: 'in-an-array' }]), 400);
    expect(await revisionHead(c.api)).toBe(head);
  });

  it('a missing body is a validation error, not a crash', async () => {
    const problem = expectProblem(await c.api.post('/tenants'), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(problem)).toContain('name');
    expect(fieldsOf(expectProblem(await c.api.post('/tenants', {}), 400))).toContain('name');
  });

  it('a body that is not JSON is a 415; JSON with a charset and merge-patch+json are accepted', async () => {
    const head = await revisionHead(c.api);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await c.api.post('/tenants', undefined, { raw: '{"name":"typed"}', headers: { 'content-type': type } });
      expect(expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE').detail).toContain(type);
    }
    expectProblem(await c.api.patch(`/logical-ports/${port.id}`, undefined, { raw: 'labels=x', headers: { 'content-type': 'text/plain' } }), 415);
    expect(await revisionHead(c.api)).toBe(head);

    expectStatus(await c.api.post('/tenants', undefined, { raw: '{"name":"charset"}', headers: { 'content-type': 'application/json; charset=utf-8' } }), 201);
    const merged = await c.api.patch(`/logical-ports/${port.id}`, undefined, { raw: '{"labels":{"tier":"web"}}', headers: { 'content-type': 'application/merge-patch+json' } });
    expect(expectStatus(merged, 200).labels).toEqual({ tier: 'web' });
  });

  it('a body over the size limit is a 413', async () => {
    const raw = JSON.stringify({ name: 'big', description: 'x'.repeat(1_100_000) });
    expectProblem(await c.api.post('/tenants', undefined, { raw }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an id in the path that is not a uuid is a 404, like an id that does not exist', async () => {
    for (const path of ['/vpcs/not-a-uuid', '/logical-switches/123', '/tenants/%20', `/logical-ports/${port.id}x`]) {
      expectProblem(await c.api.get(path), 404, 'NOT_FOUND');
    }
    expectProblem(await c.api.patch('/vpcs/not-a-uuid', { cidrs: ['10.0.0.0/8'] }), 404, 'NOT_FOUND');
    expectProblem(await c.api.delete('/vpcs/not-a-uuid'), 404, 'NOT_FOUND');
    expectProblem(await c.api.get('/vpcs/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expectProblem(await c.api.get('/no-such-collection'), 404);
  });

  it('lists page with limit and offset and report the total', async () => {
    for (let i = 0; i < 4; i++) await seed.tenant(c.api, { description: 'paged' });
    const all = expectStatus(await c.api.get('/tenants?limit=500'), 200);
    expect(all).toMatchObject({ limit: 500, offset: 0 });
    expect(all.items).toHaveLength(all.total);
    expect(all.total).toBeGreaterThanOrEqual(5);

    const defaults = expectStatus(await c.api.get('/tenants'), 200);
    expect(defaults).toMatchObject({ limit: 50, offset: 0, total: all.total });

    const pages: Json[] = [];
    for (let offset = 0; offset < all.total; offset += 2) {
      const page = expectStatus(await c.api.get(`/tenants?limit=2&offset=${offset}`), 200);
      expect(page).toMatchObject({ limit: 2, offset, total: all.total });
      expect(page.items.length).toBe(Math.min(2, all.total - offset));
      pages.push(...page.items);
    }
    expect(pages.map((t) => t.id)).toEqual(all.items.map((t: Json) => t.id));
    const beyond = expectStatus(await c.api.get(`/tenants?offset=${all.total}`), 200);
    expect(beyond).toMatchObject({ items: [], total: all.total });
  });

  it('refuses out-of-range or non-integer paging parameters', async () => {
    for (const q of ['limit=0', 'limit=501', 'limit=-1', 'limit=1.5', 'limit=abc', 'offset=-1', 'offset=x']) {
      const problem = expectProblem(await c.api.get(`/tenants?${q}`), 400, 'VALIDATION_FAILED');
      expect(new Set(fieldsOf(problem)), q).toEqual(new Set([q.split('=')[0]]));
    }
    expectStatus(await c.api.get('/tenants?limit=500'), 200);
    expectStatus(await c.api.get('/tenants?limit=1'), 200);
  });

  it('every error response is application/problem+json with an instance naming the request', async () => {
    const errors: ApiResponse[] = [
      await c.api.as(null).get('/vpcs'),
      await c.api.post('/tenants', { nope: 1 }),
      await c.api.post('/tenants', undefined, { raw: '{' }),
      await c.api.post('/tenants', undefined, { raw: 'x', headers: { 'content-type': 'text/plain' } }),
      await c.api.get('/vpcs/nope'),
      await c.api.get('/nowhere'),
      await c.api.post('/tenants', { name: 'Not A DNS Label!' }),
      await c.api.patch(`/tenants/${ls.tenantId}`, {}, { headers: { 'if-match': '"0"' } }),
      await c.api.delete(`/vpcs/${ls.vpcId}`),
    ];
    for (const res of errors) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('content-type'), `${res.status} ${JSON.stringify(res.body)}`).toMatch(/^application\/problem\+json/);
      expect(res.body.status).toBe(res.status);
      expect(res.body.instance).toMatch(/^\/api\/v1\//);
    }
    expect(errors.map((r) => r.status)).toEqual([401, 400, 400, 415, 404, 404, 400, 412, 409]);
  });
});
