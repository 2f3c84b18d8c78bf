import { DeviceEntity } from '#persistence';
import { aFabric, type ApiClient, expectStatus, seed, type SeededFabric } from '#testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController, type TestController } from './support/controller.harness.js';
import { intentState } from './support/intent-state.js';
import { expectProblem, revisionHead } from './support/problem.js';

type Json = Record<string, any>;

/** Rollback: the intent of an earlier revision comes back as one new revision, or nothing changes. */
describe('revision rollback', () => {
  let c: TestController;
  let ops: ApiClient;
  let net: SeededFabric;
  let db: DataSource;

  beforeAll(async () => {
    c = await startTestController();
    ops = c.api.as(expectStatus(await c.api.post('/tokens', { name: 'change-bot', role: 'operator' }), 201).token);
    net = await aFabric().withLeaves(2).withBorderLeaves(1).create(c.api);
    db = c.running.app.get(DataSource);
  });
  afterAll(async () => {
    await c?.close();
  });

  const rollback = (n: number, query = '', api = ops) => api.post(`/revisions/${n}/rollback${query}`);
  const sealedOf = async (id: string) => (await db.manager.findOneByOrFail(DeviceEntity, { id })).passwordSealed;
  const vnis = async () => (await db.query('SELECT fabric_id, vni, owner_kind, owner_id FROM vni_allocations ORDER BY fabric_id, vni')) as Json[];
  const blocks = async () => (await db.query('SELECT container_node_id, logical_switch_id, vpc_id, cidr FROM ip_blocks ORDER BY cidr')) as Json[];
  const [leaf1, leaf2] = [() => net.leaves[0] as Json, () => net.leaves[1] as Json];

  it('restores every object of revision N (ids, allocated VNIs, IPs, MACs, VLANs, RD/RT, blocks) as one revision', async () => {
    const { tenant, vpc } = await seed.tenantVpc(ops, net.fabric.id, { cidrs: ['10.1.0.0/16'] });
    const web = await seed.logicalSwitch(ops, vpc.id, { subnet: '10.1.1.0/24' });
    const db2 = await seed.logicalSwitch(ops, vpc.id, { subnet: '10.1.2.0/24' });
    const router = await seed.router(ops, vpc.id, { interfaces: [{ logicalSwitchId: web.id }, { logicalSwitchId: db2.id }] });
    const p1 = await seed.port(ops, web.id, { binding: { kind: 'leaf-interface', deviceId: leaf1().id, interfaceName: '10GE1/0/10' } });
    const p2 = await seed.port(ops, web.id, { labels: { app: 'web' } });
    const p3 = await seed.port(ops, db2.id);
    const node = await seed.node(c.api, net.fabric.id, leaf2().id, { ipBlocks: [{ logicalSwitchId: db2.id, cidr: '10.1.2.64/26' }] });
    const p4 = await seed.port(ops, db2.id, { binding: { kind: 'container-node', containerNodeId: node.id } });
    expectStatus(await ops.post('/security-policies', { vpcId: vpc.id, name: 'web-in', rules: [{ priority: 10, direction: 'ingress', protocol: 'tcp', ports: '443', action: 'allow' }] }), 201);
    const spare = expectStatus(
      await c.api.post('/devices', { fabricId: net.fabric.id, name: 'leaf-spare', role: 'leaf', platform: 'ce-cli', managementHost: '127.0.0.1', username: 'admin', loopbackIp: '10.99.1.9' }),
      201,
    );
    const n = await revisionHead(c.api);
    const atN = await intentState(c.api);
    const [vnisAtN, blocksAtN, sealedAtN] = [await vnis(), await blocks(), await sealedOf(leaf1().id)];

    // After N: a mix of creates, updates and deletes, including a VNI freed and taken by another tenant.
    expectStatus(await ops.delete(`/logical-switches/${db2.id}?cascade=true`), 204);
    const other = await seed.tenantVpc(ops, net.fabric.id, { cidrs: ['10.1.0.0/16'], l3Vni: 50001 });
    const squatter = await seed.logicalSwitch(ops, other.vpc.id, { subnet: '10.1.2.0/24', l2Vni: db2.l2Vni });
    await seed.port(ops, squatter.id, { binding: { kind: 'leaf-interface', deviceId: leaf1().id, interfaceName: '10GE1/0/10' } });
    const renamed = expectStatus(await ops.patch(`/logical-switches/${web.id}`, { name: 'web-renamed', arpSuppression: false, l2Vni: 777777 }), 200);
    expectStatus(await ops.patch(`/logical-ports/${p1.id}`, { ip: '10.1.1.200', binding: { kind: 'leaf-interface', deviceId: leaf2().id, interfaceName: '10GE1/0/11' } }), 200);
    expectStatus(await ops.delete(`/logical-ports/${p2.id}`), 204);
    await seed.port(ops, web.id); // takes p2's IP
    expectStatus(await ops.patch(`/vpcs/${vpc.id}`, { cidrs: ['10.1.0.0/16', '10.2.0.0/16'] }), 200);
    expectStatus(await c.api.patch(`/devices/${leaf1().id}`, { managementPort: 2022 }), 200);
    expectStatus(await c.api.delete(`/devices/${spare.id}`), 204);
    await seed.node(c.api, net.fabric.id, leaf1().id);
    const later = await intentState(c.api);
    const head = await revisionHead(c.api);

    // Dry run: the plan, and nothing written.
    const dry = expectStatus(await rollback(n, '?dryRun=true'), 200);
    expect(dry).toMatchObject({ target: n, dryRun: true, changed: true, revision: head });
    expect(dry.created['logical-switch']).toEqual([db2.id]);
    expect(dry.created['logical-port']).toEqual(expect.arrayContaining([p2.id, p3.id, p4.id]));
    expect(dry.created.device).toEqual([spare.id]);
    expect(dry.deleted['logical-switch']).toEqual([squatter.id]);
    expect(dry.deleted.tenant).toEqual([other.tenant.id]);
    expect(dry.updated['logical-switch']).toEqual([web.id]);
    expect(dry.updated['logical-port']).toEqual([p1.id]);
    expect(dry.updated['logical-router']).toEqual([router.id]);
    expect(await intentState(c.api)).toEqual(later);
    expect(await revisionHead(c.api)).toBe(head);

    const answer = await rollback(n);
    const res = expectStatus(answer, 200);
    expect(res).toMatchObject({ target: n, dryRun: false, changed: true, revision: head + 1 });
    expect(answer.headers.get('x-spinel-revision')).toBe(String(head + 1));
    // Pushed like any change: the rollback's revision has its operation.
    const operationId = answer.headers.get('operation-id');
    expect(operationId).toBe(res.operationId);
    expect(expectStatus(await c.api.get(`/operations/${operationId}`), 200)).toMatchObject({ id: operationId, revision: head + 1 });
    expect({ created: res.created, updated: res.updated, deleted: res.deleted }).toEqual({ created: dry.created, updated: dry.updated, deleted: dry.deleted });
    expect(await intentState(c.api)).toEqual(atN);
    expect(await vnis()).toEqual(vnisAtN);
    expect(await blocks()).toEqual(blocksAtN);
    expect(await sealedOf(leaf1().id)).toBe(sealedAtN); // the password survives, sealed as it was

    const audit = expectStatus(await c.api.get(`/revisions/${head + 1}`), 200);
    expect(audit).toMatchObject({ number: head + 1, summary: `rollback to revision ${n}`, actor: { name: 'change-bot' }, tenantId: null });
    const byId = new Map(audit.changes.map((ch: Json) => [ch.id, ch]));
    expect(byId.get(db2.id)).toMatchObject({ op: 'create', before: null, after: { id: db2.id, l2Vni: db2.l2Vni, routeDistinguisher: db2.routeDistinguisher } });
    expect(byId.get(squatter.id)).toMatchObject({ op: 'delete', before: { id: squatter.id }, after: null });
    expect(byId.get(web.id)).toMatchObject({ op: 'update', before: { name: 'web-renamed', l2Vni: 777777 }, after: { name: web.name, l2Vni: web.l2Vni } });
    expect(byId.get(p1.id)).toMatchObject({ op: 'update', after: { ip: p1.ip, mac: p1.mac, binding: p1.binding } });

    // Versions move forward: an ETag read before the rollback no longer matches.
    const restoredWeb = expectStatus(await c.api.get(`/logical-switches/${web.id}`), 200);
    expect(restoredWeb.version).toBeGreaterThan(renamed.version);
    expectProblem(await ops.patch(`/logical-switches/${web.id}`, { name: 'late' }, { headers: { 'if-match': `"${renamed.version}"` } }), 412);
    expect(expectStatus(await c.api.get(`/logical-switches/${db2.id}`), 200).version).toBeGreaterThan(db2.version);

    // Allocation-dependent behaviour afterwards: free values, never a restored object's.
    const fresh = await seed.port(ops, web.id, { binding: { kind: 'leaf-interface', deviceId: leaf1().id, interfaceName: '10GE1/0/12' } });
    expect([p1.ip, p2.ip, web.gatewayIp]).not.toContain(fresh.ip);
    const sameIface = await seed.port(ops, db2.id, { binding: { kind: 'leaf-interface', deviceId: leaf1().id, interfaceName: '10GE1/0/10' } });
    expect(sameIface.binding.vlan).not.toBe(p1.binding.vlan); // another switch on p1's interface: another VLAN
    const newLs = await seed.logicalSwitch(ops, vpc.id, { subnet: '10.1.3.0/24' });
    expect([vpc.l3Vni, web.l2Vni, db2.l2Vni, other.vpc.l3Vni]).not.toContain(newLs.l2Vni);
    expectProblem(await ops.post('/logical-switches', { vpcId: vpc.id, name: 'dup', subnet: '10.1.9.0/24', l2Vni: db2.l2Vni }), 409, 'CONFLICT');
    expect(p3.ip).toBe(expectStatus(await c.api.get(`/logical-ports/${p3.id}`), 200).ip);
    expect(router.interfaces).toEqual(expectStatus(await c.api.get(`/logical-routers/${router.id}`), 200).interfaces);
    void tenant;
    void p4;
  });

  it('rolling back to the head changes nothing and writes no revision; unknown revisions are 404', async () => {
    await seed.tenant(ops);
    const head = await revisionHead(c.api);
    expect(expectStatus(await rollback(head), 200)).toMatchObject({ target: head, changed: false, revision: head, created: {}, updated: {}, deleted: {} });
    expect(await revisionHead(c.api)).toBe(head);
    expectProblem(await rollback(head + 50), 404, 'NOT_FOUND');
    expectProblem(await rollback(0), 404, 'NOT_FOUND');
    expectProblem(await ops.post('/revisions/abc/rollback'), 400);
    expectProblem(await rollback(head, '?dryRun=maybe'), 400, 'VALIDATION_FAILED');
  });

  it('a rollback of the rollback returns to the later state', async () => {
    const { vpc } = await seed.tenantVpc(ops, net.fabric.id, { cidrs: ['10.5.0.0/16'] });
    const ls = await seed.logicalSwitch(ops, vpc.id, { subnet: '10.5.1.0/24' });
    await seed.port(ops, ls.id);
    const n = await revisionHead(c.api);
    const atN = await intentState(c.api);
    await seed.port(ops, ls.id);
    expectStatus(await ops.patch(`/logical-switches/${ls.id}`, { name: 'renamed' }), 200);
    expectStatus(await ops.post('/logical-switches', { vpcId: vpc.id, name: 'more', subnet: '10.5.2.0/24' }), 201);
    const laterHead = await revisionHead(c.api);
    const later = await intentState(c.api);

    const back = expectStatus(await rollback(n), 200);
    expect(await intentState(c.api)).toEqual(atN);
    expect(expectStatus(await rollback(laterHead), 200)).toMatchObject({ changed: true, revision: back.revision + 1 });
    expect(await intentState(c.api)).toEqual(later);
  });

  it('a container node moved since N to a leaf created since N goes back to its leaf, and the new leaf goes', async () => {
    const node = await seed.node(c.api, net.fabric.id, leaf1().id);
    const n = await revisionHead(c.api);
    const atN = await intentState(c.api);
    const newLeaf = expectStatus(
      await c.api.post('/devices', { fabricId: net.fabric.id, name: 'leaf-new', role: 'leaf', platform: 'ce-cli', managementHost: '127.0.0.1', username: 'admin', loopbackIp: '10.99.1.40' }),
      201,
    );
    expectStatus(await c.api.patch(`/container-nodes/${node.id}`, { leafDeviceId: newLeaf.id, leafInterface: '10GE1/0/1' }), 200);
    // Another node takes the old attachment point meanwhile.
    const squatter = await seed.node(c.api, net.fabric.id, leaf1().id, { leafInterface: node.leafInterface });
    const res = expectStatus(await rollback(n), 200);
    expect(res).toMatchObject({ updated: { 'container-node': [node.id] }, deleted: { device: [newLeaf.id], 'container-node': [squatter.id] } });
    expect(await intentState(c.api)).toEqual(atN);
  });

  it('tenant tokens and viewers may not roll back', async () => {
    const tenant = await seed.tenant(ops);
    const n = await revisionHead(c.api);
    const tenantOps = c.api.as(expectStatus(await c.api.post('/tokens', { name: 'tenant-ops', role: 'operator', tenantId: tenant.id }), 201).token);
    const viewer = c.api.as(expectStatus(await c.api.post('/tokens', { name: 'viewer', role: 'viewer' }), 201).token);
    await seed.vpc(tenantOps, net.fabric.id, undefined, { cidrs: ['10.7.0.0/16'] });
    const state = await intentState(c.api);
    expectProblem(await rollback(n, '', tenantOps), 403, 'FORBIDDEN');
    expectProblem(await rollback(n, '?dryRun=true', tenantOps), 403, 'FORBIDDEN');
    expectProblem(await rollback(n, '', viewer), 403, 'FORBIDDEN');
    expect(await intentState(c.api)).toEqual(state);
  });

  it('a rollback that would delete what the history does not hold (a tenant holding an API token) is refused and changes nothing', async () => {
    const n = await revisionHead(c.api);
    const since = await seed.tenant(ops);
    expectStatus(await c.api.post('/tokens', { name: 'since-bot', role: 'viewer', tenantId: since.id }), 201);
    await seed.vpc(ops, net.fabric.id, since.id, { cidrs: ['10.9.0.0/16'] });
    const head = await revisionHead(c.api);
    const state = await intentState(c.api);
    for (const query of ['', '?dryRun=true']) {
      const refused = expectProblem(await rollback(n, query), 409, 'CONFLICT');
      expect(refused.detail).toContain(since.name);
      expect(refused.detail).toContain('since-bot');
    }
    expect(await intentState(c.api)).toEqual(state);
    expect(await revisionHead(c.api)).toBe(head);
  });

  it('a VNI held outside the history refuses the rollback that needs it, naming it, and changes nothing', async () => {
    const { vpc } = await seed.tenantVpc(ops, net.fabric.id, { cidrs: ['10.8.0.0/16'] });
    const ls = await seed.logicalSwitch(ops, vpc.id, { subnet: '10.8.1.0/24' });
    const n = await revisionHead(c.api);
    expectStatus(await ops.delete(`/logical-switches/${ls.id}`), 204);
    expectStatus(await ops.patch(`/vpcs/${vpc.id}`, { name: 'renamed-since' }), 200);
    const holder = '00000000-0000-4000-8000-00000000abcd';
    await db.query('INSERT INTO vni_allocations (fabric_id, vni, owner_kind, owner_id) VALUES ($1, $2, $3, $4)', [net.fabric.id, ls.l2Vni, 'vpc', holder]);
    const head = await revisionHead(c.api);
    const state = await intentState(c.api);
    const refused = expectProblem(await rollback(n), 409, 'CONFLICT');
    expect(refused.detail).toContain(`VNI ${ls.l2Vni}`);
    expect(await intentState(c.api)).toEqual(state);
    expect(await revisionHead(c.api)).toBe(head);

    await db.query('DELETE FROM vni_allocations WHERE owner_id = $1', [holder]);
    expectStatus(await rollback(n), 200);
    expect(expectStatus(await c.api.get(`/logical-switches/${ls.id}`), 200)).toMatchObject({ l2Vni: ls.l2Vni, subnet: ls.subnet, name: ls.name });
    expect(expectStatus(await c.api.get(`/vpcs/${vpc.id}`), 200).name).toBe(vpc.name);
  });

  it('passwords are not rolled back: a device keeps the password set since N, sealed as it is', async () => {
    const d = expectStatus(
      await c.api.post('/devices', { fabricId: net.fabric.id, name: 'leaf-late-pw', role: 'leaf', platform: 'ce-cli', managementHost: '127.0.0.1', username: 'admin', loopbackIp: '10.99.1.30' }),
      201,
    );
    const n = await revisionHead(c.api);
    expectStatus(await c.api.patch(`/devices/${d.id}`, { password: 'R0tated!', managementPort: 2222 }), 200);
    const sealed = await sealedOf(d.id);
    expect(sealed).toBeTruthy();
    expectStatus(await rollback(n), 200);
    expect(expectStatus(await c.api.get(`/devices/${d.id}`), 200)).toMatchObject({ managementPort: 22, hasPassword: true });
    expect(await sealedOf(d.id)).toBe(sealed);
  });

  it('refuses to re-create a device whose password the history cannot hold', async () => {
    const d = expectStatus(
      await c.api.post('/devices', { fabricId: net.fabric.id, name: 'leaf-secret', role: 'leaf', platform: 'ce-cli', managementHost: '127.0.0.1', username: 'admin', password: 'S3cret!', loopbackIp: '10.99.1.20' }),
      201,
    );
    const n = await revisionHead(c.api);
    expectStatus(await c.api.delete(`/devices/${d.id}`), 204);
    const state = await intentState(c.api);
    const refused = expectProblem(await rollback(n), 422);
    expect(refused.detail).toMatch(/leaf-secret.*password/);
    expect(await intentState(c.api)).toEqual(state);
  });
});
