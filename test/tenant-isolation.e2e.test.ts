import { randomUUID } from 'node:crypto';
import { aFabric, type ApiClient, type ApiResponse, expectStatus, seed } from '#testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectProblem, revisionHead } from './support/problem.js';

type Json = Record<string, any>;

interface TenantNet {
  tenant: Json;
  vpc: Json;
  ls: Json;
  port: Json;
}

/** A problem document with the ids taken out: what is left must not tell "hidden" from "missing". */
const shapeOf = (res: ApiResponse, ...ids: string[]) => {
  let text = JSON.stringify({ status: res.status, contentType: res.headers.get('content-type'), body: res.body });
  for (const id of ids) text = text.replaceAll(id, '<id>');
  return JSON.parse(text);
};

/** Tenant-scoped tokens: a tenant sees and changes only its own objects and cannot probe others'. */
describe('tenant isolation', () => {
  let c: TestController;
  let fabric: Json;
  let leaf: Json;
  let node: Json;
  let a: TenantNet;
  let b: TenantNet;
  let asA: ApiClient;

  const network = async (api: ApiClient): Promise<TenantNet> => {
    const tenant = await seed.tenant(api);
    const vpc = await seed.vpc(api, fabric.id, tenant.id);
    const ls = await seed.logicalSwitch(api, vpc.id);
    const port = await seed.port(api, ls.id);
    return { tenant, vpc, ls, port };
  };

  beforeAll(async () => {
    c = await startTestController();
    const seeded = await aFabric().withSpines(1).withLeaves(1).create(c.api);
    fabric = seeded.fabric;
    leaf = seeded.leaves[0] as Json;
    node = await seed.node(c.api, fabric.id, leaf.id);
    a = await network(c.api);
    b = await network(c.api);
    const token = expectStatus(await c.api.post('/tokens', { name: 'tenant-a-ops', role: 'operator', tenantId: a.tenant.id }), 201);
    asA = c.api.as(token.token);
  });
  afterAll(async () => {
    await c?.close();
  });

  it("knows its scope, and lists only its own tenant's objects", async () => {
    expect(expectStatus(await asA.get('/whoami'), 200)).toMatchObject({ role: 'operator', tenantId: a.tenant.id });
    const lists: [string, Json][] = [
      ['/tenants', a.tenant],
      ['/vpcs', a.vpc],
      ['/logical-switches', a.ls],
      ['/logical-ports', a.port],
    ];
    for (const [path, own] of lists) {
      const page = expectStatus(await asA.get(path), 200);
      expect(page.items.map((o: Json) => o.id), path).toEqual([own.id]);
      expect(page.total, path).toBe(1);
      // The admin sees both tenants' objects: the filter is the token's scope, not the data.
      expect(expectStatus(await c.api.get(path), 200).total, path).toBeGreaterThanOrEqual(2);
    }
    // Filtering by the other tenant's ids finds nothing, rather than widening the scope.
    expect(expectStatus(await asA.get(`/vpcs?tenantId=${b.tenant.id}`), 200).total).toBe(0);
    expect(expectStatus(await asA.get(`/logical-switches?vpcId=${b.vpc.id}`), 200).total).toBe(0);
    expect(expectStatus(await asA.get(`/logical-ports?logicalSwitchId=${b.ls.id}`), 200).total).toBe(0);
  });

  it("reads of another tenant's objects are 404, indistinguishable from an id that does not exist", async () => {
    expectStatus(await asA.get(`/vpcs/${a.vpc.id}`), 200);
    const cases: [string, string][] = [
      ['/tenants', b.tenant.id],
      ['/vpcs', b.vpc.id],
      ['/logical-switches', b.ls.id],
      ['/logical-ports', b.port.id],
    ];
    for (const [path, id] of cases) {
      const hidden = await asA.get(`${path}/${id}`);
      expectProblem(hidden, 404, 'NOT_FOUND');
      const missingId = randomUUID();
      const missing = await asA.get(`${path}/${missingId}`);
      expect(shapeOf(hidden, id), path).toEqual(shapeOf(missing, missingId));
    }
  });

  it("changes and deletes of another tenant's objects are 404 and change nothing", async () => {
    const head = await revisionHead(c.api);
    const cases: [string, string, Json][] = [
      ['/vpcs', b.vpc.id, { cidrs: ['10.1.0.0/16', '10.2.0.0/16'] }],
      ['/logical-switches', b.ls.id, { arpSuppression: false }],
      ['/logical-ports', b.port.id, { labels: { owned: 'by-a' } }],
    ];
    for (const [path, id, patch] of cases) {
      const missingId = randomUUID();
      const hiddenPatch = await asA.patch(`${path}/${id}`, patch, { headers: { 'if-match': '*' } });
      expectProblem(hiddenPatch, 404, 'NOT_FOUND');
      expect(shapeOf(hiddenPatch, id)).toEqual(shapeOf(await asA.patch(`${path}/${missingId}`, patch, { headers: { 'if-match': '*' } }), missingId));
      const hiddenDelete = await asA.delete(`${path}/${id}?cascade=true`);
      expectProblem(hiddenDelete, 404, 'NOT_FOUND');
      expect(shapeOf(hiddenDelete, id)).toEqual(shapeOf(await asA.delete(`${path}/${missingId}?cascade=true`), missingId));
    }
    expectProblem(await asA.patch(`/tenants/${b.tenant.id}`, { description: 'mine now' }), 404, 'NOT_FOUND');
    expectProblem(await asA.delete(`/tenants/${b.tenant.id}?cascade=true`), 404, 'NOT_FOUND');

    expect(await revisionHead(c.api)).toBe(head);
    for (const [path, obj] of [['/tenants', b.tenant], ['/vpcs', b.vpc], ['/logical-switches', b.ls], ['/logical-ports', b.port]] as const) {
      expect(expectStatus(await c.api.get(`${path}/${obj.id}`), 200).version, path).toBe(obj.version);
    }
  });

  it("a reference to another tenant's VPC is refused exactly like a random id (422 on vpcId)", async () => {
    const head = await revisionHead(c.api);
    const missingId = randomUUID();
    const hidden = await asA.post('/logical-switches', { vpcId: b.vpc.id, name: 'intruder', subnet: '10.1.200.0/24' });
    const problem = expectProblem(hidden, 422, 'NOT_FOUND');
    expect(problem.errors).toEqual([{ field: 'vpcId', message: `vpcId: no VPC with id ${b.vpc.id}` }]);
    const missing = await asA.post('/logical-switches', { vpcId: missingId, name: 'intruder', subnet: '10.1.200.0/24' });
    expect(shapeOf(hidden, b.vpc.id)).toEqual(shapeOf(missing, missingId));
    // The same for a port on the other tenant's switch.
    const port = await asA.post('/logical-ports', { logicalSwitchId: b.ls.id, name: 'intruder' });
    expect(expectProblem(port, 422).errors).toEqual([expect.objectContaining({ field: 'logicalSwitchId' })]);
    expect(await revisionHead(c.api)).toBe(head);
    expect(expectStatus(await c.api.get(`/logical-switches?vpcId=${b.vpc.id}`), 200).total).toBe(1);
  });

  it("a VPC created without tenantId lands in the token's tenant; naming another tenant is 422", async () => {
    const created = expectStatus(await asA.post('/vpcs', { fabricId: fabric.id, name: 'staging', cidrs: ['10.50.0.0/16'] }), 201);
    expect(created.tenantId).toBe(a.tenant.id);
    expect(expectStatus(await c.api.get(`/vpcs/${created.id}`), 200).tenantId).toBe(a.tenant.id);
    const own = expectStatus(await asA.post('/vpcs', { tenantId: a.tenant.id, fabricId: fabric.id, name: 'qa', cidrs: ['10.51.0.0/16'] }), 201);
    expect(own.tenantId).toBe(a.tenant.id);

    const head = await revisionHead(c.api);
    const hidden = await asA.post('/vpcs', { tenantId: b.tenant.id, fabricId: fabric.id, name: 'hijack', cidrs: ['10.52.0.0/16'] });
    expect(expectProblem(hidden, 422).errors).toEqual([expect.objectContaining({ field: 'tenantId' })]);
    const missingId = randomUUID();
    const missing = await asA.post('/vpcs', { tenantId: missingId, fabricId: fabric.id, name: 'hijack', cidrs: ['10.52.0.0/16'] });
    expect(shapeOf(hidden, b.tenant.id)).toEqual(shapeOf(missing, missingId));
    expect(await revisionHead(c.api)).toBe(head);
    expect(expectStatus(await c.api.get(`/vpcs?tenantId=${b.tenant.id}`), 200).total).toBe(1);
  });

  it("a clash with another tenant's fabric-wide VRF name is a 409 that does not name the other VPC", async () => {
    const res = await asA.post('/vpcs', { fabricId: fabric.id, name: 'copycat', vrfName: b.vpc.vrfName, cidrs: ['10.53.0.0/16'] });
    const problem = expectProblem(res, 409, 'CONFLICT');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'vrfName' })]);
    expect(JSON.stringify(problem)).not.toContain(b.vpc.id);
    // The admin, who may see the holder, is told which object it is.
    const asAdmin = expectProblem(await c.api.post('/vpcs', { tenantId: a.tenant.id, fabricId: fabric.id, name: 'copycat', vrfName: b.vpc.vrfName, cidrs: ['10.53.0.0/16'] }), 409);
    expect(asAdmin.conflictingId).toBe(b.vpc.id);
  });

  it('infrastructure: devices, links and container nodes are 404; fabrics are readable but not writable', async () => {
    for (const path of ['/devices', `/devices/${leaf.id}`, '/links', '/container-nodes', `/container-nodes/${node.id}`]) {
      expectProblem(await asA.get(path), 404, 'NOT_FOUND');
    }
    expect(expectStatus(await asA.get('/fabrics'), 200).items.map((f: Json) => f.id)).toEqual([fabric.id]);
    expect(expectStatus(await asA.get(`/fabrics/${fabric.id}`), 200).name).toBe(fabric.name);

    const head = await revisionHead(c.api);
    expectProblem(await asA.patch(`/fabrics/${fabric.id}`, { asn: 65099 }), 404, 'NOT_FOUND');
    expectProblem(await asA.delete(`/fabrics/${fabric.id}?cascade=true`), 404, 'NOT_FOUND');
    expectProblem(await asA.post('/fabrics', { name: 'tenant-fabric', asn: 65098 }), 404, 'NOT_FOUND');
    expectProblem(await asA.patch(`/devices/${leaf.id}`, { managementPort: 2222 }), 404, 'NOT_FOUND');
    expectProblem(await asA.delete(`/container-nodes/${node.id}`), 404, 'NOT_FOUND');
    expect(await revisionHead(c.api)).toBe(head);
    expect(expectStatus(await c.api.get(`/fabrics/${fabric.id}`), 200).version).toBe(fabric.version);
  });

  it("sees only its own tenant's revisions", async () => {
    const own = expectStatus(await asA.get('/revisions?limit=500'), 200);
    const all = expectStatus(await c.api.get('/revisions?limit=500'), 200);
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((r: Json) => r.tenantId === a.tenant.id)).toBe(true);
    expect(own.total).toBe(all.items.filter((r: Json) => r.tenantId === a.tenant.id).length);
    expect(own.total).toBeLessThan(all.total);

    const bRevision = all.items.find((r: Json) => r.tenantId === b.tenant.id);
    const fabricRevision = all.items.find((r: Json) => r.tenantId === null);
    expectProblem(await asA.get(`/revisions/${bRevision.number}`), 404, 'NOT_FOUND');
    expectProblem(await asA.get(`/revisions/${fabricRevision.number}`), 404, 'NOT_FOUND');
    expectStatus(await asA.get(`/revisions/${own.items[0].number}`), 200);
    expect(expectStatus(await asA.get(`/revisions?objectId=${b.vpc.id}`), 200).total).toBe(0);
  });

  it('cannot create, rename or delete tenants, even its own (404), and nothing is written', async () => {
    const head = await revisionHead(c.api);
    const tenantsBefore = expectStatus(await c.api.get('/tenants'), 200).total;
    expectProblem(await asA.post('/tenants', { name: 'side-tenant' }), 404, 'NOT_FOUND');
    expectProblem(await asA.patch(`/tenants/${a.tenant.id}`, { description: 'renamed' }), 404, 'NOT_FOUND');
    expectProblem(await asA.delete(`/tenants/${a.tenant.id}`), 404, 'NOT_FOUND');
    expect(await revisionHead(c.api)).toBe(head);
    expect(expectStatus(await c.api.get('/tenants'), 200).total).toBe(tenantsBefore);
    expect(expectStatus(await c.api.get('/tenants?name=side-tenant'), 200).total).toBe(0);
  });

  it('changes its own objects (the 404s above are scoping, not a broken token)', async () => {
    const res = await asA.patch(`/logical-switches/${a.ls.id}`, { arpSuppression: false });
    expect(expectStatus(res, 200).arpSuppression).toBe(false);
    const port = expectStatus(await asA.post('/logical-ports', { logicalSwitchId: a.ls.id, name: 'own-port' }), 201);
    expect(port.tenantId).toBe(a.tenant.id);
    const revision = expectStatus(await asA.get(`/revisions/${res.headers.get('x-spinel-revision')}`), 200);
    expect(revision).toMatchObject({ tenantId: a.tenant.id, actor: { name: 'tenant-a-ops' } });
  });
});
