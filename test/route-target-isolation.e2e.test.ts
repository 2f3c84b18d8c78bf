import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFabric, expectStatus, seed } from '#testing';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectRefused } from './support/refusal.assertions.js';

/** Route targets decide whose routes a VRF imports: another tenant's may not be borrowed. */
describe('route target ownership and co-imported address space', () => {
  let c: TestController;
  let fabricId: string;
  beforeAll(async () => {
    c = await startTestController();
    fabricId = (await aFabric().withSpines(0).withLeaves(0).create(c.api)).fabric.id;
  });
  afterAll(async () => {
    await c?.close();
  });

  it("refuses importing another tenant's route target, on VPCs and logical switches", async () => {
    const b = await seed.tenantVpc(c.api, fabricId, { cidrs: ['10.50.0.0/16'] });
    const bSwitch = await seed.logicalSwitch(c.api, b.vpc.id, { subnet: '10.50.1.0/24' });
    const a = await seed.tenant(c.api);
    await expectRefused(c.api, () => c.api.post('/vpcs', { tenantId: a.id, fabricId, name: 'thief', cidrs: ['10.60.0.0/16'], importRouteTargets: b.vpc.exportRouteTargets }), {
      status: 409,
      code: 'CONFLICT',
      field: 'importRouteTargets',
      detail: /another tenant's network/,
    });
    const mine = await seed.vpc(c.api, fabricId, a.id, { cidrs: ['10.60.0.0/16'] });
    await expectRefused(c.api, () => c.api.patch(`/vpcs/${mine.id}`, { importRouteTargets: bSwitch.exportRouteTargets }), {
      status: 409,
      code: 'CONFLICT',
      field: 'importRouteTargets',
      watch: [`/vpcs/${mine.id}`],
    });
    await expectRefused(c.api, () => c.api.post('/logical-switches', { vpcId: mine.id, name: 'ls', subnet: '10.60.1.0/24', exportRouteTargets: b.vpc.importRouteTargets }), {
      status: 409,
      code: 'CONFLICT',
      field: 'exportRouteTargets',
    });
    // The tenant's own route targets stay usable across its own VPCs.
    const second = expectStatus(await c.api.post('/vpcs', { tenantId: a.id, fabricId, name: 'second', cidrs: ['10.61.0.0/16'], importRouteTargets: mine.exportRouteTargets }), 201);
    expect(second.importRouteTargets).toEqual(mine.exportRouteTargets);
  });

  it('refuses a second interconnection whose address space overlaps a VPC the router already imports', async () => {
    const hub = await seed.tenantVpc(c.api, fabricId, { cidrs: ['10.70.0.0/16'] });
    const b = await seed.tenantVpc(c.api, fabricId, { cidrs: ['10.71.0.0/16'] });
    const cVpc = await seed.tenantVpc(c.api, fabricId, { cidrs: ['10.71.128.0/17'] });
    const rb = await seed.router(c.api, b.vpc.id);
    const rc = await seed.router(c.api, cVpc.vpc.id);
    const hubRouter = await seed.router(c.api, hub.vpc.id, { interconnections: [{ peerRouterId: rb.id }] });
    await expectRefused(c.api, () => c.api.patch(`/logical-routers/${hubRouter.id}`, { interconnections: [{ peerRouterId: rb.id }, { peerRouterId: rc.id }] }), {
      status: 409,
      code: 'CONFLICT',
      field: 'interconnections[1].peerRouterId',
      watch: [`/logical-routers/${hubRouter.id}`],
    });
    // Growing a co-imported VPC into another one's space is refused too.
    const d = await seed.tenantVpc(c.api, fabricId, { cidrs: ['10.72.0.0/16'] });
    const rd = await seed.router(c.api, d.vpc.id);
    expectStatus(await c.api.patch(`/logical-routers/${hubRouter.id}`, { interconnections: [{ peerRouterId: rb.id }, { peerRouterId: rd.id }] }), 200);
    await expectRefused(c.api, () => c.api.patch(`/vpcs/${d.vpc.id}`, { cidrs: ['10.72.0.0/16', '10.71.5.0/24'] }), {
      status: 409,
      code: 'CONFLICT',
      field: 'cidrs[1]',
      watch: [`/vpcs/${d.vpc.id}`],
    });
  });
});
