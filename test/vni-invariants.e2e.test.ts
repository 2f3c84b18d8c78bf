import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFabric, type ApiClient, expectStatus, seed } from '#testing';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectRefused } from './support/refusal.assertions.js';

/** A VNI names one bridge domain or VRF fabric-wide: unique per fabric across L2 and L3 use. */
describe('VNI invariants', () => {
  let c: TestController;
  let api: ApiClient;
  let fabricId: string;
  let otherFabricId: string;

  beforeAll(async () => {
    c = await startTestController();
    api = c.api;
    fabricId = (await aFabric().withSpines(0).withLeaves(0).create(api)).fabric.id;
    otherFabricId = (await aFabric().withSpines(0).withLeaves(0).with({ asn: 65100 }).create(api)).fabric.id;
  });
  afterAll(async () => {
    await c?.close();
  });

  it("refuses a logical switch's L2 VNI that a VPC holds as its L3 VNI", async () => {
    const { vpc } = await seed.tenantVpc(api, fabricId, { l3Vni: 20000 });
    await expectRefused(api, () => api.post('/logical-switches', { vpcId: vpc.id, name: 'web', subnet: '10.1.1.0/24', l2Vni: 20000 }), {
      status: 409,
      code: 'CONFLICT',
      field: 'l2Vni',
      detail: /VNI 20000 is already (used|in use)/,
    });
  });

  it("refuses a VPC's L3 VNI that a logical switch holds as its L2 VNI, in another tenant too", async () => {
    const { vpc } = await seed.tenantVpc(api, fabricId);
    const ls = await seed.logicalSwitch(api, vpc.id, { l2Vni: 20001 });
    const tenant = await seed.tenant(api);
    const problem = await expectRefused(api, () => api.post('/vpcs', { tenantId: tenant.id, fabricId, name: 'clash', cidrs: ['10.9.0.0/16'], l3Vni: 20001 }), {
      status: 409,
      code: 'CONFLICT',
      field: 'l3Vni',
    });
    // The holder is another tenant's: the refusal says the VNI is taken, not by whom.
    expect(JSON.stringify(problem)).not.toContain(ls.id);
  });

  it('refuses the same VNI twice at one layer: two VPCs, or two switches of different VPCs', async () => {
    const a = await seed.tenantVpc(api, fabricId, { l3Vni: 20002 });
    const tenant = await seed.tenant(api);
    await expectRefused(api, () => api.post('/vpcs', { tenantId: tenant.id, fabricId, name: 'dup', cidrs: ['10.1.0.0/16'], l3Vni: 20002 }), {
      status: 409,
      code: 'CONFLICT',
      field: 'l3Vni',
    });
    const b = await seed.tenantVpc(api, fabricId);
    await seed.logicalSwitch(api, a.vpc.id, { l2Vni: 20003 });
    await expectRefused(api, () => api.post('/logical-switches', { vpcId: b.vpc.id, name: 'dup', subnet: '10.1.2.0/24', l2Vni: 20003 }), {
      status: 409,
      code: 'CONFLICT',
      field: 'l2Vni',
    });
  });

  it('refuses moving an object onto a VNI in use (PATCH), leaving both objects as they were', async () => {
    const { vpc } = await seed.tenantVpc(api, fabricId, { l3Vni: 20004 });
    const ls = await seed.logicalSwitch(api, vpc.id, { l2Vni: 20005 });
    await expectRefused(api, () => api.patch(`/vpcs/${vpc.id}`, { l3Vni: 20005 }), {
      status: 409,
      code: 'CONFLICT',
      field: 'l3Vni',
      watch: [`/vpcs/${vpc.id}`, `/logical-switches/${ls.id}`],
    });
    await expectRefused(api, () => api.patch(`/logical-switches/${ls.id}`, { l2Vni: 20004 }), {
      status: 409,
      code: 'CONFLICT',
      field: 'l2Vni',
      watch: [`/vpcs/${vpc.id}`, `/logical-switches/${ls.id}`],
    });
    // Both VNIs are still held: a third object cannot take either.
    await expectRefused(api, () => api.post('/logical-switches', { vpcId: vpc.id, name: 'third', subnet: '10.1.3.0/24', l2Vni: 20004 }), { status: 409, code: 'CONFLICT', field: 'l2Vni' });
  });

  it.each([
    ['0', 0],
    ['16777215 (2^24 - 1, reserved)', 16777215],
    ['a fraction', 20000.5],
    ['a numeric string', '20000'],
  ])('refuses VNI %s with 400 on VPCs and logical switches', async (_label, vni) => {
    const { vpc } = await seed.tenantVpc(api, fabricId);
    await expectRefused(api, () => api.post('/vpcs', { tenantId: vpc.tenantId, fabricId, name: 'bad-vni', cidrs: ['10.2.0.0/16'], l3Vni: vni }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'l3Vni',
    });
    await expectRefused(api, () => api.post('/logical-switches', { vpcId: vpc.id, name: 'bad-vni', subnet: '10.1.1.0/24', l2Vni: vni }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'l2Vni',
    });
    await expectRefused(api, () => api.patch(`/vpcs/${vpc.id}`, { l3Vni: vni }), { status: 400, code: 'VALIDATION_FAILED', field: 'l3Vni', watch: [`/vpcs/${vpc.id}`] });
  });

  it('accepts the extremes of the VNI range, 1 and 16777214', async () => {
    const low = await seed.tenantVpc(api, fabricId, { l3Vni: 1 });
    const ls = await seed.logicalSwitch(api, low.vpc.id, { l2Vni: 16777214 });
    expect([low.vpc.l3Vni, ls.l2Vni]).toEqual([1, 16777214]);
  });

  it("refuses a fabric VNI pool outside 1..16777214 with 400, and an empty pool with 422", async () => {
    await expectRefused(api, () => api.post('/fabrics', { name: 'pool-low', asn: 65000, vniMin: 0 }), { status: 400, code: 'VALIDATION_FAILED', field: 'vniMin' });
    await expectRefused(api, () => api.post('/fabrics', { name: 'pool-high', asn: 65000, vniMax: 16777215 }), { status: 400, code: 'VALIDATION_FAILED', field: 'vniMax' });
    await expectRefused(api, () => api.post('/fabrics', { name: 'pool-empty', asn: 65000, vniMin: 5000, vniMax: 4999 }), {
      status: 422,
      code: 'INVALID_VALUE',
      field: 'vniMin',
    });
  });

  it('accepts the same VNI in two different fabrics, at either layer', async () => {
    const here = await seed.tenantVpc(api, fabricId, { l3Vni: 30000 });
    const there = await seed.tenantVpc(api, otherFabricId, { l3Vni: 30000 });
    const lsHere = await seed.logicalSwitch(api, here.vpc.id, { l2Vni: 30001 });
    const lsThere = await seed.logicalSwitch(api, there.vpc.id, { l2Vni: 30001 });
    expect([here.vpc.l3Vni, there.vpc.l3Vni, lsHere.l2Vni, lsThere.l2Vni]).toEqual([30000, 30000, 30001, 30001]);
  });

  it('frees the VNI when its owner is deleted, for reuse at the other layer', async () => {
    const { tenant, vpc } = await seed.tenantVpc(api, fabricId, { l3Vni: 40000 });
    const ls = await seed.logicalSwitch(api, vpc.id, { l2Vni: 40001 });
    expectStatus(await api.delete(`/logical-switches/${ls.id}`), 204);
    const reuser = expectStatus(await api.post('/vpcs', { tenantId: tenant.id, fabricId, name: 'reuser', cidrs: ['10.50.0.0/16'], l3Vni: 40001 }), 201);
    expect(reuser.l3Vni).toBe(40001);

    expectStatus(await api.delete(`/vpcs/${vpc.id}`), 204);
    const again = await seed.logicalSwitch(api, reuser.id, { subnet: '10.50.1.0/24', l2Vni: 40000 });
    expect(again.l2Vni).toBe(40000);
  });

  it('frees every VNI of a tree deleted with ?cascade=true', async () => {
    const { vpc } = await seed.tenantVpc(api, fabricId, { l3Vni: 41000 });
    await seed.logicalSwitch(api, vpc.id, { subnet: '10.1.1.0/24', l2Vni: 41001 });
    await seed.logicalSwitch(api, vpc.id, { subnet: '10.1.2.0/24', l2Vni: 41002 });
    expectStatus(await api.delete(`/vpcs/${vpc.id}?cascade=true`), 204);
    const next = await seed.tenantVpc(api, fabricId, { l3Vni: 41002 });
    const ls = await seed.logicalSwitch(api, next.vpc.id, { l2Vni: 41000 });
    const ls2 = await seed.logicalSwitch(api, next.vpc.id, { subnet: '10.1.2.0/24', l2Vni: 41001 });
    expect([next.vpc.l3Vni, ls.l2Vni, ls2.l2Vni]).toEqual([41002, 41000, 41001]);
  });

  it('frees the old VNI when a PATCH moves an object to a new one', async () => {
    const { vpc } = await seed.tenantVpc(api, fabricId, { l3Vni: 42000 });
    expect(expectStatus(await api.patch(`/vpcs/${vpc.id}`, { l3Vni: 42001 }), 200).l3Vni).toBe(42001);
    const ls = await seed.logicalSwitch(api, vpc.id, { l2Vni: 42000 });
    expect(ls.l2Vni).toBe(42000);
    await expectRefused(api, () => api.post('/logical-switches', { vpcId: vpc.id, name: 'late', subnet: '10.1.9.0/24', l2Vni: 42001 }), { status: 409, code: 'CONFLICT', field: 'l2Vni' });
  });

  it('moves the derived route distinguisher and targets with the VNI, so a reused VNI shares no route target', async () => {
    const { vpc } = await seed.tenantVpc(api, fabricId, { l3Vni: 43000 });
    const ls = await seed.logicalSwitch(api, vpc.id, { l2Vni: 43100 });
    expect(vpc).toMatchObject({ routeDistinguisher: '65000:43000', importRouteTargets: ['65000:43000'], exportRouteTargets: ['65000:43000'] });

    const moved = expectStatus(await api.patch(`/vpcs/${vpc.id}`, { l3Vni: 43001 }), 200);
    expect(moved).toMatchObject({ l3Vni: 43001, routeDistinguisher: '65000:43001', importRouteTargets: ['65000:43001'], exportRouteTargets: ['65000:43001'] });
    const movedLs = expectStatus(await api.patch(`/logical-switches/${ls.id}`, { l2Vni: 43101 }), 200);
    expect(movedLs).toMatchObject({ l2Vni: 43101, routeDistinguisher: '65000:43101', importRouteTargets: ['65000:43101'], exportRouteTargets: ['65000:43101'] });

    // Another tenant takes the freed VNIs: its VRF and bridge domain must not import the first tenant's routes.
    const other = await seed.tenantVpc(api, fabricId, { l3Vni: 43000 });
    const otherLs = await seed.logicalSwitch(api, other.vpc.id, { l2Vni: 43100 });
    const targets = (o: Record<string, any>): string[] => [...o.importRouteTargets, ...o.exportRouteTargets];
    expect(targets(moved).filter((rt) => targets(other.vpc).includes(rt))).toEqual([]);
    expect(targets(movedLs).filter((rt) => targets(otherLs).includes(rt))).toEqual([]);
  });

  it('keeps route values the operator set explicitly when the VNI moves', async () => {
    const { vpc } = await seed.tenantVpc(api, fabricId, { l3Vni: 44000, routeDistinguisher: '65000:7', importRouteTargets: ['65000:44000', '65000:8'], exportRouteTargets: ['65000:9'] });
    const moved = expectStatus(await api.patch(`/vpcs/${vpc.id}`, { l3Vni: 44001 }), 200);
    // The derived target in a list follows the VNI; the operator's own values stay.
    expect(moved).toMatchObject({ routeDistinguisher: '65000:7', importRouteTargets: ['65000:44001', '65000:8'], exportRouteTargets: ['65000:9'] });
    const both = expectStatus(await api.patch(`/vpcs/${vpc.id}`, { l3Vni: 44002, exportRouteTargets: ['65000:44001'] }), 200);
    expect(both).toMatchObject({ importRouteTargets: ['65000:44002', '65000:8'], exportRouteTargets: ['65000:44001'] });
  });

  it('allocates around VNIs that were chosen explicitly', async () => {
    const fabric = (await aFabric().withSpines(0).withLeaves(0).with({ vniMin: 500, vniMax: 502 }).create(api)).fabric;
    const { vpc } = await seed.tenantVpc(api, fabric.id, { l3Vni: 501 });
    const a = await seed.logicalSwitch(api, vpc.id, { subnet: '10.1.1.0/24' });
    const b = await seed.logicalSwitch(api, vpc.id, { subnet: '10.1.2.0/24' });
    expect([a.l2Vni, b.l2Vni]).toEqual([500, 502]);
    // The pool is exhausted now: allocation refuses rather than leaving the pool.
    await expectRefused(api, () => api.post('/logical-switches', { vpcId: vpc.id, name: 'fourth', subnet: '10.1.3.0/24' }), { status: 409, code: 'EXHAUSTED', field: 'l2Vni' });
  });
});
