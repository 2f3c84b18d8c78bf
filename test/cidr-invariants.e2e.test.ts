import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFabric, type ApiClient, expectStatus, seed } from '#testing';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectRefused } from './support/refusal.assertions.js';

/** Address space must be unambiguous: inside a VPC, and between VPCs that leak routes to each other. */
describe('CIDR invariants', () => {
  let c: TestController;
  let api: ApiClient;
  let fabricId: string;

  beforeAll(async () => {
    c = await startTestController();
    api = c.api;
    fabricId = (await aFabric().withSpines(1).withLeaves(1).create(api)).fabric.id;
  });
  afterAll(async () => {
    await c?.close();
  });

  describe('inside one VPC', () => {
    it('refuses two overlapping CIDRs in one VPC body with 409 on the second', async () => {
      const tenant = await seed.tenant(api);
      const problem = await expectRefused(api, () => api.post('/vpcs', { tenantId: tenant.id, fabricId, name: 'twice', cidrs: ['10.1.0.0/16', '10.1.128.0/17'] }), {
        status: 409,
        code: 'CONFLICT',
        field: 'cidrs[1]',
      });
      expect(problem.detail).toContain('10.1.128.0/17 overlaps 10.1.0.0/16');
    });

    it('refuses a PATCH whose CIDRs overlap each other, leaving the VPC as it was', async () => {
      const { vpc } = await seed.tenantVpc(api, fabricId, { cidrs: ['10.2.0.0/16'] });
      await expectRefused(api, () => api.patch(`/vpcs/${vpc.id}`, { cidrs: ['10.2.0.0/16', '10.2.0.0/24'] }), {
        status: 409,
        code: 'CONFLICT',
        field: 'cidrs[1]',
        watch: [`/vpcs/${vpc.id}`],
      });
    });

    it('refuses a logical switch subnet that overlaps a sibling switch with 409', async () => {
      const { vpc } = await seed.tenantVpc(api, fabricId, { cidrs: ['10.3.0.0/16'] });
      const web = await seed.logicalSwitch(api, vpc.id, { subnet: '10.3.1.0/24' });
      const problem = await expectRefused(api, () => api.post('/logical-switches', { vpcId: vpc.id, name: 'inner', subnet: '10.3.1.128/25' }), {
        status: 409,
        code: 'CONFLICT',
        field: 'subnet',
      });
      expect(problem.conflictingId).toBe(web.id);
      // A wider subnet that swallows the sibling is just as ambiguous.
      await expectRefused(api, () => api.post('/logical-switches', { vpcId: vpc.id, name: 'outer', subnet: '10.3.0.0/20' }), { status: 409, code: 'CONFLICT', field: 'subnet' });
    });

    it('accepts the same subnet in two different VPCs (they do not share routes)', async () => {
      const a = await seed.tenantVpc(api, fabricId, { cidrs: ['10.4.0.0/16'] });
      const b = await seed.tenantVpc(api, fabricId, { cidrs: ['10.4.0.0/16'] });
      const one = await seed.logicalSwitch(api, a.vpc.id, { subnet: '10.4.1.0/24' });
      const two = await seed.logicalSwitch(api, b.vpc.id, { subnet: '10.4.1.0/24' });
      expect([one.subnet, two.subnet]).toEqual(['10.4.1.0/24', '10.4.1.0/24']);
    });

    it('refuses a subnet outside every VPC CIDR with 422', async () => {
      const { vpc } = await seed.tenantVpc(api, fabricId, { cidrs: ['10.5.0.0/16', '10.6.0.0/16'] });
      await expectRefused(api, () => api.post('/logical-switches', { vpcId: vpc.id, name: 'outside', subnet: '10.7.1.0/24' }), {
        status: 422,
        code: 'INVALID_VALUE',
        field: 'subnet',
        detail: /not inside any CIDR/,
      });
      // Straddling two CIDRs is not "inside" either, even though every address is covered by one of them.
      await expectRefused(api, () => api.post('/logical-switches', { vpcId: vpc.id, name: 'straddle', subnet: '10.4.0.0/14' }), {
        status: 422,
        code: 'INVALID_VALUE',
        field: 'subnet',
      });
    });

    it('refuses shrinking a VPC so that a logical switch falls outside, with 422 on cidrs', async () => {
      const { vpc } = await seed.tenantVpc(api, fabricId, { cidrs: ['10.8.0.0/16'] });
      await seed.logicalSwitch(api, vpc.id, { subnet: '10.8.200.0/24' });
      await expectRefused(api, () => api.patch(`/vpcs/${vpc.id}`, { cidrs: ['10.8.0.0/17'] }), {
        status: 422,
        code: 'INVALID_VALUE',
        field: 'cidrs',
        watch: [`/vpcs/${vpc.id}`],
      });
    });

    it("refuses growing a VPC over its external gateway's SNAT pool or elastic IPs with 409", async () => {
      const f = await aFabric().withSpines(0).withLeaves(0).withBorderLeaves(1).create(api);
      const { vpc } = await seed.tenantVpc(api, f.fabric.id, { cidrs: ['10.12.0.0/16'] });
      const ls = await seed.logicalSwitch(api, vpc.id, { subnet: '10.12.1.0/24' });
      const port = await seed.port(api, ls.id);
      const body = { vpcId: vpc.id, name: 'internet', borderLeafIds: [f.borderLeaves[0]!.id], snatPool: ['198.51.100.0/28'], elasticIps: [{ ip: '203.0.113.10', portId: port.id }] };
      const gateway = expectStatus(await api.post('/external-gateways', body), 201);
      // Translated addresses inside the VPC would make return traffic ambiguous: refused at creation…
      await expectRefused(api, () => api.post('/external-gateways', { ...body, name: 'inside', snatPool: ['10.12.200.0/28'], elasticIps: [] }), {
        status: 409,
        code: 'CONFLICT',
        field: 'snatPool[0]',
      });
      // …and when the VPC grows over them.
      for (const [cidrs, field] of [
        [['10.12.0.0/16', '198.51.100.0/24'], 'cidrs[1]'],
        [['10.12.0.0/16', '203.0.113.0/24'], 'cidrs[1]'],
      ] as const) {
        const problem = await expectRefused(api, () => api.patch(`/vpcs/${vpc.id}`, { cidrs }), {
          status: 409,
          code: 'CONFLICT',
          field,
          watch: [`/vpcs/${vpc.id}`, `/external-gateways/${gateway.id}`],
        });
        expect(problem.conflictingId).toBe(gateway.id);
      }
    });

    it('refuses a CIDR with host bits set with 400 and suggests the network', async () => {
      const { vpc } = await seed.tenantVpc(api, fabricId, { cidrs: ['10.9.0.0/16'] });
      const problem = await expectRefused(api, () => api.post('/logical-switches', { vpcId: vpc.id, name: 'hosty', subnet: '10.9.1.5/24' }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'subnet',
      });
      expect(problem.errors?.[0]?.message).toBe('10.9.1.5/24 has host bits set; did you mean 10.9.1.0/24?');
    });

    it('refuses a host-bits CIDR inside a VPC cidrs list with 400 on cidrs', async () => {
      const tenant = await seed.tenant(api);
      await expectRefused(api, () => api.post('/vpcs', { tenantId: tenant.id, fabricId, name: 'hosty', cidrs: ['10.10.0.0/16', '10.11.0.1/16'] }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'cidrs[1]',
      });
    });

    it('explains a host-bits CIDR inside a list with the "did you mean" message', async () => {
      const tenant = await seed.tenant(api);
      const res = await api.post('/vpcs', { tenantId: tenant.id, fabricId, name: 'hosty-list', cidrs: ['10.10.0.0/16', '10.11.0.1/16'] });
      expect(expectStatus(res, 400).errors[0].message).toBe('10.11.0.1/16 has host bits set; did you mean 10.11.0.0/16?');
    });
  });

  describe('between interconnected VPCs', () => {
    it('refuses a router interconnection between VPCs with overlapping CIDRs, with 409 on the peer', async () => {
      const a = await seed.tenantVpc(api, fabricId, { cidrs: ['10.20.0.0/16'] });
      const b = await seed.tenantVpc(api, fabricId, { cidrs: ['172.16.0.0/12', '10.20.128.0/17'] });
      const ra = await seed.router(api, a.vpc.id);
      await expectRefused(api, () => api.post('/logical-routers', { vpcId: b.vpc.id, name: 'rb', interconnections: [{ peerRouterId: ra.id }] }), {
        status: 409,
        code: 'CONFLICT',
        field: 'interconnections[0].peerRouterId',
        detail: /10\.20\.128\.0\/17 overlaps/,
      });

      // The same through a PATCH of an existing router.
      const rb = await seed.router(api, b.vpc.id);
      await expectRefused(api, () => api.patch(`/logical-routers/${rb.id}`, { interconnections: [{ peerRouterId: ra.id }] }), {
        status: 409,
        code: 'CONFLICT',
        field: 'interconnections[0].peerRouterId',
        watch: [`/logical-routers/${rb.id}`, `/logical-routers/${ra.id}`],
      });
    });

    it('after a valid interconnection, refuses growing either VPC into the other with 409', async () => {
      const a = await seed.tenantVpc(api, fabricId, { cidrs: ['10.30.0.0/16'] });
      const b = await seed.tenantVpc(api, fabricId, { cidrs: ['10.31.0.0/16'] });
      const ra = await seed.router(api, a.vpc.id);
      const rb = await seed.router(api, b.vpc.id, { interconnections: [{ peerRouterId: ra.id }] });
      expect(rb.interconnections).toEqual([{ peerRouterId: ra.id }]);

      // The VPC whose router declared the interconnection…
      await expectRefused(api, () => api.patch(`/vpcs/${b.vpc.id}`, { cidrs: ['10.31.0.0/16', '10.30.5.0/24'] }), {
        status: 409,
        code: 'CONFLICT',
        field: 'cidrs[1]',
        detail: /10\.30\.5\.0\/24 overlaps/,
        watch: [`/vpcs/${b.vpc.id}`],
      });
      // …and the peer, whose router does not list it: the interconnection works both ways.
      await expectRefused(api, () => api.patch(`/vpcs/${a.vpc.id}`, { cidrs: ['10.0.0.0/8'] }), {
        status: 409,
        code: 'CONFLICT',
        field: 'cidrs[0]',
        detail: /10\.0\.0\.0\/8 overlaps/,
        watch: [`/vpcs/${a.vpc.id}`],
      });

      // Disjoint growth is fine.
      const grown = expectStatus(await api.patch(`/vpcs/${a.vpc.id}`, { cidrs: ['10.30.0.0/16', '10.32.0.0/16'] }), 200);
      expect(grown.cidrs).toEqual(['10.30.0.0/16', '10.32.0.0/16']);
    });

    it('lets VPCs overlap again once their interconnection is removed', async () => {
      const a = await seed.tenantVpc(api, fabricId, { cidrs: ['10.40.0.0/16'] });
      const b = await seed.tenantVpc(api, fabricId, { cidrs: ['10.41.0.0/16'] });
      const ra = await seed.router(api, a.vpc.id);
      const rb = await seed.router(api, b.vpc.id, { interconnections: [{ peerRouterId: ra.id }] });
      await expectRefused(api, () => api.patch(`/vpcs/${a.vpc.id}`, { cidrs: ['10.41.0.0/16'] }), { status: 409, code: 'CONFLICT', field: 'cidrs[0]' });
      expectStatus(await api.patch(`/logical-routers/${rb.id}`, { interconnections: [] }), 200);
      expect(expectStatus(await api.patch(`/vpcs/${a.vpc.id}`, { cidrs: ['10.41.0.0/16'] }), 200).cidrs).toEqual(['10.41.0.0/16']);
    });
  });
});
