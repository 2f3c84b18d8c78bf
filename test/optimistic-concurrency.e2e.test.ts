import { expectStatus, seed } from '#testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectProblem, revisionHead } from './support/problem.js';

type Json = Record<string, any>;

/** ETags are object versions; If-Match turns a lost update into a 412 instead of a silent overwrite. */
describe('optimistic concurrency', () => {
  let c: TestController;
  beforeAll(async () => {
    c = await startTestController();
  });
  afterAll(async () => {
    await c?.close();
  });

  const read = async (id: string): Promise<{ body: Json; etag: string }> => {
    const res = await c.api.get(`/tenants/${id}`);
    const body = expectStatus(res, 200);
    return { body, etag: res.headers.get('etag') as string };
  };

  it('GET, POST and PATCH carry the object version as a strong ETag', async () => {
    const created = await c.api.post('/tenants', { name: 'etag-basics' });
    const body = expectStatus(created, 201);
    expect(created.headers.get('etag')).toBe(`"${body.version}"`);
    const { body: got, etag } = await read(body.id);
    expect(etag).toBe(`"${got.version}"`);
    expect(etag).toBe(created.headers.get('etag'));
  });

  it('PATCH with the current ETag succeeds and returns the next one; the stale ETag then gets 412 and changes nothing', async () => {
    const t = await seed.tenant(c.api, { description: 'v1' });
    const first = await read(t.id);

    const ok = await c.api.patch(`/tenants/${t.id}`, { description: 'v2' }, { headers: { 'if-match': first.etag } });
    expect(expectStatus(ok, 200)).toMatchObject({ description: 'v2', version: first.body.version + 1 });
    const next = ok.headers.get('etag');
    expect(next).toBe(`"${first.body.version + 1}"`);
    expect(next).not.toBe(first.etag);
    expect((await read(t.id)).etag).toBe(next);

    const head = await revisionHead(c.api);
    const stale = await c.api.patch(`/tenants/${t.id}`, { description: 'lost update' }, { headers: { 'if-match': first.etag } });
    const problem = expectProblem(stale, 412, 'PRECONDITION_FAILED');
    expect(problem.currentEtag).toBe(next);
    expect(problem.detail).toContain(first.etag);
    expect(stale.headers.get('etag')).toBeNull();

    const after = await read(t.id);
    expect(after.body).toMatchObject({ description: 'v2', version: first.body.version + 1 });
    expect(after.etag).toBe(next);
    expect(await revisionHead(c.api)).toBe(head);
  });

  it('the precondition is checked before the change itself is judged', async () => {
    const a = await seed.tenant(c.api);
    const b = await seed.tenant(c.api);
    const { etag } = await read(a.id);
    expectStatus(await c.api.patch(`/tenants/${a.id}`, { description: 'bump' }), 200);
    // Renaming onto b's name would be a 409; with a stale ETag the answer is the 412.
    expectProblem(await c.api.patch(`/tenants/${a.id}`, { name: b.name }, { headers: { 'if-match': etag } }), 412, 'PRECONDITION_FAILED');
    expect((await read(a.id)).body.name).toBe(a.name);
  });

  it('DELETE with a stale If-Match is 412 and deletes nothing; with the current one it deletes', async () => {
    const t = await seed.tenant(c.api);
    const { etag: stale } = await read(t.id);
    const bumped = await c.api.patch(`/tenants/${t.id}`, { description: 'moved on' });
    const current = bumped.headers.get('etag') as string;

    const head = await revisionHead(c.api);
    const problem = expectProblem(await c.api.delete(`/tenants/${t.id}`, { headers: { 'if-match': stale } }), 412, 'PRECONDITION_FAILED');
    expect(problem.currentEtag).toBe(current);
    expect(await revisionHead(c.api)).toBe(head);
    expectStatus(await c.api.get(`/tenants/${t.id}`), 200);

    expectStatus(await c.api.delete(`/tenants/${t.id}`, { headers: { 'if-match': current } }), 204);
    expectProblem(await c.api.get(`/tenants/${t.id}`), 404, 'NOT_FOUND');
    // An If-Match on something that is gone is a 404, not a 412.
    expectProblem(await c.api.delete(`/tenants/${t.id}`, { headers: { 'if-match': current } }), 404, 'NOT_FOUND');
  });

  it('If-Match: * matches any current version, for PATCH and DELETE', async () => {
    const t = await seed.tenant(c.api);
    expectStatus(await c.api.patch(`/tenants/${t.id}`, { description: 'one' }), 200);
    const res = await c.api.patch(`/tenants/${t.id}`, { description: 'star' }, { headers: { 'if-match': '*' } });
    expect(expectStatus(res, 200).description).toBe('star');
    expectStatus(await c.api.delete(`/tenants/${t.id}`, { headers: { 'if-match': '*' } }), 204);
    expectProblem(await c.api.get(`/tenants/${t.id}`), 404);
  });

  it('If-Match takes a list of tags, compares strongly, and refuses a weak or unquoted tag', async () => {
    const t = await seed.tenant(c.api);
    const { body, etag } = await read(t.id);
    expectProblem(await c.api.patch(`/tenants/${t.id}`, { description: 'weak' }, { headers: { 'if-match': `W/${etag}` } }), 412);
    expectProblem(await c.api.patch(`/tenants/${t.id}`, { description: 'bare' }, { headers: { 'if-match': String(body.version) } }), 412);
    const listed = await c.api.patch(`/tenants/${t.id}`, { description: 'listed' }, { headers: { 'if-match': `"999", ${etag}` } });
    expect(expectStatus(listed, 200).description).toBe('listed');
  });

  it('PATCH without If-Match is last-writer-wins', async () => {
    const t = await seed.tenant(c.api);
    const { body } = await read(t.id);
    expectStatus(await c.api.patch(`/tenants/${t.id}`, { description: 'writer one' }), 200);
    const second = await c.api.patch(`/tenants/${t.id}`, { description: 'writer two' });
    expect(expectStatus(second, 200)).toMatchObject({ description: 'writer two', version: body.version + 2 });
    expect(second.headers.get('etag')).toBe(`"${body.version + 2}"`);
  });

  it('of two concurrent PATCHes with the same If-Match, exactly one wins', async () => {
    const t = await seed.tenant(c.api);
    const { etag } = await read(t.id);
    const results = await Promise.all(
      ['left', 'right', 'middle'].map((d) => c.api.patch(`/tenants/${t.id}`, { description: d }, { headers: { 'if-match': etag } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412]);
    const winner = results.find((r) => r.status === 200);
    const { body } = await read(t.id);
    expect(body.description).toBe(winner?.body.description);
    expect(body.version).toBe(t.version + 1);
  });

  it('ETags work the same on other kinds (a VPC), and an unchanged object keeps its ETag', async () => {
    const fabric = expectStatus(await c.api.post('/fabrics', { name: 'dc-etag', asn: 65010 }), 201);
    const tenant = await seed.tenant(c.api);
    const vpc = await seed.vpc(c.api, fabric.id, tenant.id);
    const got = await c.api.get(`/vpcs/${vpc.id}`);
    const etag = got.headers.get('etag') as string;
    expect(etag).toBe(`"${vpc.version}"`);
    // A PATCH that changes nothing leaves the version, hence the ETag, where it was.
    const same = await c.api.patch(`/vpcs/${vpc.id}`, { cidrs: vpc.cidrs }, { headers: { 'if-match': etag } });
    expect(same.headers.get('etag')).toBe(etag);
    const grown = await c.api.patch(`/vpcs/${vpc.id}`, { cidrs: [...vpc.cidrs, '10.9.0.0/16'] }, { headers: { 'if-match': etag } });
    expect(expectStatus(grown, 200).cidrs).toEqual([...vpc.cidrs, '10.9.0.0/16']);
    expectProblem(await c.api.patch(`/vpcs/${vpc.id}`, { cidrs: vpc.cidrs }, { headers: { 'if-match': etag } }), 412, 'PRECONDITION_FAILED');
    expect(expectStatus(await c.api.get(`/vpcs/${vpc.id}`), 200).cidrs).toHaveLength(2);
  });
});
