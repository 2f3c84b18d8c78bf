import { DeviceEntity } from '#persistence';
import { type ApiClient, expectStatus, seed } from '#testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectProblem, revisionHead } from './support/problem.js';

type Json = Record<string, any>;

/** The audit trail: one revision per write, with who did it and each object before and after. */
describe('revisions', () => {
  let c: TestController;
  let ops: ApiClient;
  let opsTokenId: string;
  let fabric: Json;

  beforeAll(async () => {
    c = await startTestController();
    const token = expectStatus(await c.api.post('/tokens', { name: 'change-bot', role: 'operator' }), 201);
    ops = c.api.as(token.token);
    opsTokenId = token.id;
    fabric = expectStatus(await c.api.post('/fabrics', { name: 'dc-audit', asn: 65030 }), 201);
  });
  afterAll(async () => {
    await c?.close();
  });

  const revision = async (n: number | string | null): Promise<Json> => expectStatus(await c.api.get(`/revisions/${n}`), 200);

  it('a create, an update and a delete make one revision each, with actor and before/after images', async () => {
    const start = await revisionHead(c.api);

    const created = await ops.post('/tenants', { name: 'audited', description: 'first' });
    const tenant = expectStatus(created, 201);
    expect(Number(created.headers.get('x-spinel-revision'))).toBe(start + 1);
    expect(await revisionHead(c.api)).toBe(start + 1);
    const r1 = await revision(start + 1);
    expect(r1).toMatchObject({ number: start + 1, summary: 'create tenant', tenantId: tenant.id, actor: { tokenId: opsTokenId, name: 'change-bot' } });
    expect(r1.changes).toEqual([{ kind: 'tenant', id: tenant.id, op: 'create', before: null, after: tenant }]);

    const updated = await ops.patch(`/tenants/${tenant.id}`, { description: 'second' });
    const after = expectStatus(updated, 200);
    expect(Number(updated.headers.get('x-spinel-revision'))).toBe(start + 2);
    const r2 = await revision(start + 2);
    expect(r2).toMatchObject({ summary: 'update tenant', actor: { name: 'change-bot' } });
    expect(r2.changes).toEqual([{ kind: 'tenant', id: tenant.id, op: 'update', before: tenant, after }]);
    expect(r2.changes[0].before).toMatchObject({ description: 'first', version: tenant.version });
    expect(r2.changes[0].after).toMatchObject({ description: 'second', version: tenant.version + 1 });

    const deleted = await ops.delete(`/tenants/${tenant.id}`);
    expectStatus(deleted, 204);
    expect(Number(deleted.headers.get('x-spinel-revision'))).toBe(start + 3);
    const r3 = await revision(start + 3);
    expect(r3).toMatchObject({ summary: 'delete tenant', tenantId: tenant.id, actor: { name: 'change-bot' } });
    expect(r3.changes).toEqual([{ kind: 'tenant', id: tenant.id, op: 'delete', before: after, after: null }]);
    expect(await revisionHead(c.api)).toBe(start + 3);

    // The list serves the same records, newest first.
    const listed = expectStatus(await c.api.get(`/revisions?objectId=${tenant.id}`), 200);
    expect(listed.items).toEqual([r3, r2, r1]);
    expect(listed).toMatchObject({ total: 3, head: start + 3 });
  });

  it('a PATCH that changes nothing creates no revision and keeps the version', async () => {
    const tenant = await seed.tenant(ops, { description: 'steady' });
    const head = await revisionHead(c.api);
    for (const body of [{ description: 'steady' }, {}, { name: tenant.name, description: 'steady' }]) {
      const res = await ops.patch(`/tenants/${tenant.id}`, body);
      expect(expectStatus(res, 200)).toMatchObject({ version: tenant.version, updatedAt: tenant.updatedAt });
      expect(res.headers.get('etag')).toBe(`"${tenant.version}"`);
    }
    const vpc = await seed.vpc(ops, fabric.id, tenant.id, { cidrs: ['10.1.0.0/16'] });
    const vpcHead = await revisionHead(c.api);
    expect(vpcHead).toBe(head + 1);
    expect(expectStatus(await ops.patch(`/vpcs/${vpc.id}`, { cidrs: ['10.1.0.0/16'], attachmentMode: vpc.attachmentMode }), 200).version).toBe(vpc.version);
    expect(await revisionHead(c.api)).toBe(vpcHead);
    expect(expectStatus(await c.api.get(`/revisions?objectId=${tenant.id}`), 200).total).toBe(1);
  });

  it('a refused write creates no revision', async () => {
    const tenant = await seed.tenant(ops);
    const head = await revisionHead(c.api);
    expectProblem(await ops.post('/tenants', { name: tenant.name }), 409, 'CONFLICT');
    expectProblem(await ops.post('/vpcs', { tenantId: tenant.id, fabricId: fabric.id, name: 'bad', cidrs: ['10.0.0.0/8', '10.1.0.0/16'] }), 409);
    expectProblem(await ops.patch(`/tenants/${tenant.id}`, { description: 'x' }, { headers: { 'if-match': '"99"' } }), 412);
    expect(await revisionHead(c.api)).toBe(head);
  });

  it('a cascading delete is one revision listing every object it removed', async () => {
    const tenant = await seed.tenant(ops);
    const vpc = await seed.vpc(ops, fabric.id, tenant.id);
    const ls = await seed.logicalSwitch(ops, vpc.id);
    const port = await seed.port(ops, ls.id);
    const head = await revisionHead(c.api);
    expectProblem(await ops.delete(`/vpcs/${vpc.id}`), 409, 'DEPENDENTS_EXIST');
    expect(await revisionHead(c.api)).toBe(head);

    const res = await ops.delete(`/vpcs/${vpc.id}?cascade=true`);
    expectStatus(res, 204);
    expect(await revisionHead(c.api)).toBe(head + 1);
    const r = await revision(res.headers.get('x-spinel-revision'));
    expect(r.summary).toBe('delete VPC (cascade)');
    expect(r.tenantId).toBe(tenant.id);
    const ops_ = r.changes.map((ch: Json) => `${ch.op} ${ch.kind} ${ch.id}`);
    expect(ops_).toEqual([`delete logical-port ${port.id}`, `delete logical-switch ${ls.id}`, `delete vpc ${vpc.id}`]);
    expect(r.changes.every((ch: Json) => ch.after === null && ch.before?.id === ch.id)).toBe(true);
  });

  it('filters by kind and by objectId, and refuses an unknown kind', async () => {
    const tenant = await seed.tenant(ops);
    const vpc = await seed.vpc(ops, fabric.id, tenant.id);
    expectStatus(await ops.patch(`/vpcs/${vpc.id}`, { cidrs: ['10.1.0.0/16', '10.2.0.0/16'] }), 200);

    const vpcs = expectStatus(await c.api.get('/revisions?kind=vpc&limit=500'), 200);
    expect(vpcs.items.length).toBeGreaterThanOrEqual(2);
    expect(vpcs.items.every((r: Json) => r.changes.some((ch: Json) => ch.kind === 'vpc'))).toBe(true);
    const tenants = expectStatus(await c.api.get('/revisions?kind=tenant&limit=500'), 200);
    expect(tenants.items.every((r: Json) => r.changes.some((ch: Json) => ch.kind === 'tenant'))).toBe(true);
    const all = expectStatus(await c.api.get('/revisions?limit=500'), 200);
    expect(vpcs.total + tenants.total).toBeLessThan(all.total); // the fabric and the tokens' writes are neither

    const one = expectStatus(await c.api.get(`/revisions?objectId=${vpc.id}`), 200);
    expect(one.items.map((r: Json) => r.summary)).toEqual(['update VPC', 'create VPC']);
    expect(one.items.every((r: Json) => r.changes.some((ch: Json) => ch.id === vpc.id))).toBe(true);
    const both = expectStatus(await c.api.get(`/revisions?objectId=${vpc.id}&kind=vpc`), 200);
    expect(both.total).toBe(2);
    expect(expectStatus(await c.api.get(`/revisions?objectId=${vpc.id}&kind=tenant`), 200).total).toBe(0);
    expect(expectStatus(await c.api.get('/revisions?objectId=00000000-0000-4000-8000-000000000000'), 200).total).toBe(0);

    expectProblem(await c.api.get('/revisions?kind=gizmo'), 400, 'VALIDATION_FAILED');
    expectProblem(await c.api.get('/revisions?objectId=nope'), 400, 'VALIDATION_FAILED');
    expectProblem(await c.api.get(`/revisions/${all.head + 100}`), 404, 'NOT_FOUND');
  });

  it('never shows a device password, in responses or in revisions', async () => {
    const password = 'Pa55-w0rd-that-must-not-leak';
    const newPassword = 'An0ther-s3cret-never-shown';
    const created = await ops.post('/devices', {
      fabricId: fabric.id,
      name: 'leaf-secret',
      role: 'leaf',
      platform: 'ce-netconf',
      managementHost: '192.0.2.10',
      username: 'netconf',
      password,
      loopbackIp: '10.255.9.1',
    });
    const device = expectStatus(created, 201);
    expect(device.hasPassword).toBe(true);
    const patched = expectStatus(await ops.patch(`/devices/${device.id}`, { password: newPassword, managementPort: 2830 }), 200);
    expect(patched).toMatchObject({ hasPassword: true, managementPort: 2830 });

    const sealed = (await c.running.app.get(DataSource).manager.findOneByOrFail(DeviceEntity, { id: device.id })).passwordSealed as string;
    expect(sealed).toBeTruthy();

    const shown = [
      device,
      patched,
      expectStatus(await c.api.get(`/devices/${device.id}`), 200),
      expectStatus(await c.api.get('/devices'), 200),
      expectStatus(await c.api.get(`/revisions?objectId=${device.id}`), 200),
      expectStatus(await c.api.get('/revisions?kind=device&limit=500'), 200),
    ];
    const audit = shown[4] as Json;
    expect(audit.items.map((r: Json) => r.summary)).toEqual(['update device', 'create device']);
    for (const doc of shown) {
      const text = JSON.stringify(doc);
      for (const secret of [password, newPassword, sealed, sealed.split('.').at(-1) as string]) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/"password"|passwordSealed/);
    }
    const [update] = audit.items;
    expect(update.changes[0].before).toMatchObject({ hasPassword: true, managementPort: 830 });
    expect(update.changes[0].after).toMatchObject({ hasPassword: true, managementPort: 2830 });
  });
});
