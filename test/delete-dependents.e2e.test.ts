import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFabric, type ApiClient, expectStatus, seed, type SeededFabric } from '#testing';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectRefused } from './support/refusal.assertions.js';

type Json = Record<string, any>;

/** A delete never orphans: refused while dependents exist, or the whole tree in one revision with ?cascade=true. */
describe('deletes with dependents', () => {
  let c: TestController;
  let api: ApiClient;
  let f: SeededFabric;

  beforeAll(async () => {
    c = await startTestController();
    api = c.api;
    f = await aFabric().withSpines(1).withLeaves(2).withBorderLeaves(1).create(api);
  });
  afterAll(async () => {
    await c?.close();
  });

  let eip = 0;
  /** A tenant's network: VPC, router, policy, two switches with ports, a gateway with an EIP (unique per fabric). */
  async function tenantTree() {
    const { tenant, vpc } = await seed.tenantVpc(api, f.fabric.id);
    const web = await seed.logicalSwitch(api, vpc.id, { subnet: '10.1.1.0/24' });
    const db = await seed.logicalSwitch(api, vpc.id, { subnet: '10.1.2.0/24' });
    const ports = [await seed.port(api, web.id), await seed.port(api, web.id), await seed.port(api, db.id)];
    const router = await seed.router(api, vpc.id, { interfaces: [{ logicalSwitchId: web.id }, { logicalSwitchId: db.id }] });
    const policy = expectStatus(await api.post('/security-policies', { vpcId: vpc.id, name: 'web-in', rules: [{ priority: 10, direction: 'ingress', protocol: 'tcp', ports: '443', action: 'allow' }] }), 201);
    const gateway = expectStatus(
      await api.post('/external-gateways', { vpcId: vpc.id, name: 'internet', borderLeafIds: [f.borderLeaves[0]!.id], elasticIps: [{ ip: `203.0.113.${++eip}`, portId: ports[0]!.id }] }),
      201,
    );
    const paths = [
      `/tenants/${tenant.id}`,
      `/vpcs/${vpc.id}`,
      `/logical-switches/${web.id}`,
      `/logical-switches/${db.id}`,
      ...ports.map((p) => `/logical-ports/${p.id}`),
      `/logical-routers/${router.id}`,
      `/security-policies/${policy.id}`,
      `/external-gateways/${gateway.id}`,
    ];
    return { tenant, vpc, web, db, ports, router, policy, gateway, paths };
  }

  const ids = (list: Json[]) => list.map((d) => d.id).sort();
  async function expectGone(paths: string[]) {
    for (const p of paths) expect((await api.get(p)).status, p).toBe(404);
  }
  /** Delete with cascade and return the single revision it made, checking it is the only one. */
  async function cascade(path: string): Promise<Json> {
    const before = expectStatus(await api.get('/revisions?limit=1'), 200).head as number;
    const res = await api.delete(`${path}?cascade=true`);
    expectStatus(res, 204);
    const head = expectStatus(await api.get('/revisions?limit=1'), 200).head as number;
    expect(head).toBe(before + 1);
    expect(Number(res.headers.get('x-spinel-revision'))).toBe(head);
    return expectStatus(await api.get(`/revisions/${head}`), 200);
  }
  const deletedIn = (revision: Json) => revision.changes.filter((ch: Json) => ch.op === 'delete').map((ch: Json) => ch.id).sort();

  describe('refused without ?cascade=true (409 DEPENDENTS_EXIST)', () => {
    it('refuses deleting a tenant that has a VPC', async () => {
      const { tenant, vpc, paths } = await tenantTree();
      const problem = await expectRefused(api, () => api.delete(`/tenants/${tenant.id}`), { status: 409, code: 'DEPENDENTS_EXIST', field: null, watch: paths });
      expect(problem.dependents).toEqual([{ kind: 'vpc', id: vpc.id, name: vpc.name }]);
      expect(problem.detail).toMatch(/\?cascade=true/);
    });

    it('refuses deleting a VPC that has switches (and a router, a policy, a gateway)', async () => {
      const { vpc, web, db, router, policy, gateway, paths } = await tenantTree();
      const problem = await expectRefused(api, () => api.delete(`/vpcs/${vpc.id}`), { status: 409, code: 'DEPENDENTS_EXIST', field: null, watch: paths });
      expect(problem.dependents).toEqual(
        expect.arrayContaining([
          { kind: 'logical-switch', id: web.id, name: web.name },
          { kind: 'logical-switch', id: db.id, name: db.name },
          { kind: 'logical-router', id: router.id, name: router.name },
          { kind: 'security-policy', id: policy.id, name: policy.name },
          { kind: 'external-gateway', id: gateway.id, name: gateway.name },
        ]),
      );
      expect(problem.dependents).toHaveLength(5);
    });

    it('refuses deleting a switch that has ports, naming them and the router attached to it', async () => {
      const { web, ports, router, paths } = await tenantTree();
      const problem = await expectRefused(api, () => api.delete(`/logical-switches/${web.id}`), { status: 409, code: 'DEPENDENTS_EXIST', field: null, watch: paths });
      const dependents = problem.dependents as Json[];
      expect(ids(dependents.filter((d) => d.kind === 'logical-port'))).toEqual(ids(ports.slice(0, 2)));
      expect(dependents.filter((d) => d.kind === 'logical-router')).toEqual([{ kind: 'logical-router', id: router.id, name: router.name }]);
    });

    it('refuses deleting a device that has links, also with ?cascade=false', async () => {
      const spine = f.spines[0]!;
      const leaf = f.leaves[0]!;
      const link = await seed.link(api, spine, '10GE1/0/1', leaf, '10GE1/0/49');
      for (const query of ['', '?cascade=false']) {
        const problem = await expectRefused(api, () => api.delete(`/devices/${leaf.id}${query}`), {
          status: 409,
          code: 'DEPENDENTS_EXIST',
          field: null,
          watch: [`/devices/${leaf.id}`, `/links/${link.id}`],
        });
        expect(problem.dependents).toEqual([{ kind: 'link', id: link.id, name: '10GE1/0/1↔10GE1/0/49' }]);
      }
      const spineProblem = await expectRefused(api, () => api.delete(`/devices/${spine.id}`), { status: 409, code: 'DEPENDENTS_EXIST', field: null });
      expect(ids(spineProblem.dependents as Json[])).toEqual([link.id]);
    });

    it('refuses deleting a fabric that has devices', async () => {
      const problem = await expectRefused(api, () => api.delete(`/fabrics/${f.fabric.id}`), { status: 409, code: 'DEPENDENTS_EXIST', field: null, watch: [`/fabrics/${f.fabric.id}`] });
      expect(ids((problem.dependents as Json[]).filter((d) => d.kind === 'device'))).toEqual(ids([...f.spines, ...f.leaves, ...f.borderLeaves]));
    });

    it('refuses deleting a router that another router interconnects with; cascade only drops the interconnection', async () => {
      const a = await seed.tenantVpc(api, f.fabric.id, { cidrs: ['10.1.0.0/16'] });
      const b = await seed.tenantVpc(api, f.fabric.id, { cidrs: ['10.2.0.0/16'] });
      const ra = await seed.router(api, a.vpc.id);
      const rb = await seed.router(api, b.vpc.id, { interconnections: [{ peerRouterId: ra.id }] });
      const problem = await expectRefused(api, () => api.delete(`/logical-routers/${ra.id}`), {
        status: 409,
        code: 'DEPENDENTS_EXIST',
        field: null,
        watch: [`/logical-routers/${ra.id}`, `/logical-routers/${rb.id}`],
      });
      expect(problem.dependents).toEqual([{ kind: 'logical-router', id: rb.id, name: rb.name }]);

      const revision = await cascade(`/logical-routers/${ra.id}`);
      expect(deletedIn(revision)).toEqual([ra.id]);
      expect(expectStatus(await api.get(`/logical-routers/${rb.id}`), 200).interconnections).toEqual([]);
    });

    it('deletes an object without dependents, in one revision', async () => {
      const { ports } = await tenantTree();
      const revision = await cascade(`/logical-ports/${ports[2]!.id}`);
      expect(deletedIn(revision)).toEqual([ports[2]!.id]);
      await expectGone([`/logical-ports/${ports[2]!.id}`]);
    });
  });

  describe('?cascade=true', () => {
    it('deletes a tenant with its whole tree, recorded in a single revision', async () => {
      const t = await tenantTree();
      const revision = await cascade(`/tenants/${t.tenant.id}`);
      expect(revision.summary).toBe('delete tenant (cascade)');
      expect(deletedIn(revision)).toEqual(ids([t.tenant, t.vpc, t.web, t.db, ...t.ports, t.router, t.policy, t.gateway]));
      await expectGone(t.paths);
    });

    it('deletes a VPC with its tree and frees its names and addresses for reuse', async () => {
      const t = await tenantTree();
      const revision = await cascade(`/vpcs/${t.vpc.id}`);
      expect(deletedIn(revision)).toEqual(ids([t.vpc, t.web, t.db, ...t.ports, t.router, t.policy, t.gateway]));
      await expectGone(t.paths.slice(1));
      expect((await api.get(`/tenants/${t.tenant.id}`)).status).toBe(200);
      const again = await seed.vpc(api, f.fabric.id, t.tenant.id, { name: t.vpc.name, l3Vni: t.vpc.l3Vni, vrfName: t.vpc.vrfName });
      expect(again.l3Vni).toBe(t.vpc.l3Vni);
    });

    it('deletes a switch with its ports, detaching the router interface and releasing the EIP', async () => {
      const t = await tenantTree();
      const revision = await cascade(`/logical-switches/${t.web.id}`);
      expect(deletedIn(revision)).toEqual(ids([t.web, t.ports[0]!, t.ports[1]!]));
      await expectGone([`/logical-switches/${t.web.id}`, `/logical-ports/${t.ports[0]!.id}`, `/logical-ports/${t.ports[1]!.id}`]);
      const updated = revision.changes.filter((ch: Json) => ch.op === 'update').map((ch: Json) => ch.id).sort();
      expect(updated).toEqual([t.router.id, t.gateway.id].sort());
      expect(expectStatus(await api.get(`/logical-routers/${t.router.id}`), 200).interfaces).toEqual([{ logicalSwitchId: t.db.id }]);
      expect(expectStatus(await api.get(`/external-gateways/${t.gateway.id}`), 200).elasticIps).toEqual([]);
    });

    it("deletes a device's links and container nodes, and unbinds (not deletes) the tenants' ports on it", async () => {
      const own = await aFabric().withSpines(1).withLeaves(1).create(api);
      const [spine, leaf] = [own.spines[0]!, own.leaves[0]!];
      const link = await seed.link(api, spine, '10GE1/0/1', leaf, '10GE1/0/49');
      const node = await seed.node(api, own.fabric.id, leaf.id);
      const { vpc } = await seed.tenantVpc(api, own.fabric.id);
      const ls = await seed.logicalSwitch(api, vpc.id);
      const wired = await seed.port(api, ls.id, { binding: { kind: 'leaf-interface', deviceId: leaf.id, interfaceName: '10GE1/0/2' } });
      const pod = await seed.port(api, ls.id, { binding: { kind: 'container-node', containerNodeId: node.id } });

      const problem = await expectRefused(api, () => api.delete(`/devices/${leaf.id}`), { status: 409, code: 'DEPENDENTS_EXIST', field: null });
      expect(ids(problem.dependents as Json[])).toEqual(ids([link, node, wired]));

      const revision = await cascade(`/devices/${leaf.id}`);
      expect(deletedIn(revision)).toEqual(ids([leaf, link, node]));
      await expectGone([`/devices/${leaf.id}`, `/links/${link.id}`, `/container-nodes/${node.id}`]);
      for (const p of [wired, pod]) expect(expectStatus(await api.get(`/logical-ports/${p.id}`), 200)).toMatchObject({ binding: null, ip: p.ip });
      expect((await api.get(`/devices/${spine.id}`)).status).toBe(200);
    });

    it('deletes a whole fabric with its tenants’ VPCs, in a single revision', async () => {
      const own = await aFabric().withSpines(1).withLeaves(1).withBorderLeaves(1).create(api);
      const link = await seed.link(api, own.spines[0]!, '10GE1/0/1', own.leaves[0]!, '10GE1/0/49');
      const node = await seed.node(api, own.fabric.id, own.leaves[0]!.id, { mode: 'l3-route' });
      const { tenant, vpc } = await seed.tenantVpc(api, own.fabric.id, { attachmentMode: 'l3-route', routeSuppression: true });
      const ls = await seed.logicalSwitch(api, vpc.id);
      const pod = await seed.port(api, ls.id, { binding: { kind: 'container-node', containerNodeId: node.id } });
      const gateway = expectStatus(await api.post('/external-gateways', { vpcId: vpc.id, name: 'out', borderLeafIds: [own.borderLeaves[0]!.id] }), 201);

      const revision = await cascade(`/fabrics/${own.fabric.id}`);
      const devices = [...own.spines, ...own.leaves, ...own.borderLeaves];
      expect(deletedIn(revision)).toEqual(ids([own.fabric, ...devices, link, node, vpc, ls, pod, gateway]));
      await expectGone([`/fabrics/${own.fabric.id}`, `/vpcs/${vpc.id}`, `/logical-ports/${pod.id}`, `/container-nodes/${node.id}`, ...devices.map((d) => `/devices/${d.id}`)]);
      // The tenant is not the fabric's: it stays, without the VPC.
      expect((await api.get(`/tenants/${tenant.id}`)).status).toBe(200);
    });
  });
});
