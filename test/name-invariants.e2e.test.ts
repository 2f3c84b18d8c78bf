import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFabric, type ApiClient, expectStatus, seed, type SeededFabric } from '#testing';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectRefused } from './support/refusal.assertions.js';

type Json = Record<string, any>;

/** Names end up in device configuration and Kubernetes objects: DNS labels, unique in their scope. */
describe('name invariants', () => {
  let c: TestController;
  let api: ApiClient;
  let f: SeededFabric;
  let tenant: Json;
  let vpc: Json;
  let ls: Json;

  beforeAll(async () => {
    c = await startTestController();
    api = c.api;
    f = await aFabric().withSpines(1).withLeaves(1).withBorderLeaves(1).create(api);
    ({ tenant, vpc } = await seed.tenantVpc(api, f.fabric.id));
    ls = await seed.logicalSwitch(api, vpc.id);
  });
  afterAll(async () => {
    await c?.close();
  });

  /** The body of a valid create of each kind with a DNS-label name, but for the name. */
  const creates: Record<string, () => Json> = {
    fabrics: () => ({ asn: 65000 }),
    tenants: () => ({}),
    devices: () => ({ fabricId: f.fabric.id, role: 'leaf', platform: 'ce-netconf', managementHost: '127.0.0.1', username: 'admin', loopbackIp: '10.253.0.1' }),
    vpcs: () => ({ tenantId: tenant.id, fabricId: f.fabric.id, cidrs: ['10.9.0.0/16'] }),
    'logical-switches': () => ({ vpcId: vpc.id, subnet: '10.1.200.0/24' }),
    'logical-ports': () => ({ logicalSwitchId: ls.id }),
    'logical-routers': () => ({ vpcId: vpc.id }),
    'security-policies': () => ({ vpcId: vpc.id, rules: [] }),
    'external-gateways': () => ({ vpcId: vpc.id, borderLeafIds: [f.borderLeaves[0]!.id] }),
  };

  const badNames: [string, string, RegExp][] = [
    ['uppercase', 'Web', /uppercase "W"/],
    ['an underscore', 'web_1', /contains "_" at position 4/],
    ['64 characters', 'a'.repeat(64), /64 characters long; the limit is 63/],
    ['a leading hyphen', '-web', /starts with "-"/],
    ['a trailing hyphen', 'web-', /ends with "-"/],
    ['a dot', 'web.prod', /contains "\."/],
    ['nothing', '', /must not be empty/],
  ];

  async function refusesName(collection: string, name: string, message: RegExp) {
    const problem = await expectRefused(api, () => api.post(`/${collection}`, { ...creates[collection]!(), name }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'name',
    });
    expect(problem.errors?.[0]?.message).toMatch(message);
  }

  // Every rule once, on tenants; every kind once per class of mistake (case, syntax).
  it.each(badNames)('refuses a tenant name with %s with 400 on name', async (_label, name, message) => {
    await refusesName('tenants', name, message);
  });

  it.each(Object.keys(creates).filter((k) => k !== 'tenants'))('refuses an uppercase or a hyphen-led name for %s with 400 on name', async (collection) => {
    await refusesName(collection, 'Web', /uppercase/);
    await refusesName(collection, '-web', /starts with "-"/);
  });

  it('accepts a 63-character name made of digits, letters and inner hyphens', async () => {
    const name = `0-${'a'.repeat(59)}-9`;
    expect(name).toHaveLength(63);
    expect((await seed.tenant(api, { name })).name).toBe(name);
  });

  it('refuses a bad name through PATCH too, leaving the object unchanged', async () => {
    for (const [path, id] of [
      ['tenants', tenant.id],
      ['vpcs', vpc.id],
      ['logical-switches', ls.id],
    ] as const) {
      await expectRefused(api, () => api.patch(`/${path}/${id}`, { name: 'Not_A_Label' }), { status: 400, code: 'VALIDATION_FAILED', field: 'name', watch: [`/${path}/${id}`] });
    }
  });

  it('refuses a container node name that is not a DNS-1123 subdomain with 400', async () => {
    for (const name of ['Worker-1', 'worker_1', '-worker', 'worker..1']) {
      await expectRefused(api, () => api.post('/container-nodes', { fabricId: f.fabric.id, name, leafDeviceId: f.leaves[0]!.id, leafInterface: '10GE1/0/30', mode: 'l2-bridge' }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'name',
      });
    }
  });

  describe('duplicates in one scope', () => {
    /** A second create with a taken name, in the same scope: 409 on name, pointing at the holder. */
    async function refusesDuplicate(collection: string, body: Json, holder: Json) {
      const problem = await expectRefused(api, () => api.post(`/${collection}`, { ...body, name: holder.name }), { status: 409, code: 'CONFLICT', field: 'name' });
      expect(problem.conflictingId).toBe(holder.id);
    }

    it('refuses a second fabric or tenant with a taken name (global scope)', async () => {
      await refusesDuplicate('fabrics', creates.fabrics!(), f.fabric);
      await refusesDuplicate('tenants', {}, tenant);
    });

    it('refuses a second device of one fabric with a taken name, and allows it in another fabric', async () => {
      await refusesDuplicate('devices', creates.devices!(), f.leaves[0]!);
      const other = await aFabric().withSpines(0).withLeaves(1).create(api);
      expect(other.leaves[0]!.name).toBe(f.leaves[0]!.name);
    });

    it("refuses a second VPC of one tenant with a taken name, and allows it in another tenant's", async () => {
      await refusesDuplicate('vpcs', creates.vpcs!(), vpc);
      const other = await seed.tenant(api);
      expect((await seed.vpc(api, f.fabric.id, other.id, { name: vpc.name })).name).toBe(vpc.name);
    });

    it('refuses duplicate switch, port, policy and gateway names within their VPC or switch', async () => {
      await refusesDuplicate('logical-switches', creates['logical-switches']!(), ls);
      const port = await seed.port(api, ls.id);
      await refusesDuplicate('logical-ports', creates['logical-ports']!(), port);
      const policy = expectStatus(await api.post('/security-policies', { ...creates['security-policies']!(), name: 'web-in' }), 201);
      await refusesDuplicate('security-policies', creates['security-policies']!(), policy);
      const gateway = expectStatus(await api.post('/external-gateways', { ...creates['external-gateways']!(), name: 'internet' }), 201);
      await refusesDuplicate('external-gateways', creates['external-gateways']!(), gateway);
    });

    it('allows the same switch and port names in another VPC and switch', async () => {
      const { vpc: other } = await seed.tenantVpc(api, f.fabric.id, { name: 'other' });
      const twin = await seed.logicalSwitch(api, other.id, { name: ls.name });
      expect(twin.name).toBe(ls.name);
      const port = await seed.port(api, ls.id);
      expect((await seed.port(api, twin.id, { name: port.name })).name).toBe(port.name);
    });

    it('refuses a second container node of one fabric with a taken name', async () => {
      const node = await seed.node(api, f.fabric.id, f.leaves[0]!.id);
      await refusesDuplicate('container-nodes', { fabricId: f.fabric.id, leafDeviceId: f.leaves[0]!.id, leafInterface: '10GE1/0/31', mode: 'l2-bridge' }, node);
    });

    it('refuses renaming (PATCH) onto a taken name with 409, leaving both objects unchanged', async () => {
      const a = await seed.logicalSwitch(api, vpc.id, { subnet: '10.1.50.0/24' });
      const b = await seed.logicalSwitch(api, vpc.id, { subnet: '10.1.51.0/24' });
      await expectRefused(api, () => api.patch(`/logical-switches/${b.id}`, { name: a.name }), {
        status: 409,
        code: 'CONFLICT',
        field: 'name',
        watch: [`/logical-switches/${a.id}`, `/logical-switches/${b.id}`],
      });
      const t2 = await seed.tenant(api);
      await expectRefused(api, () => api.patch(`/tenants/${t2.id}`, { name: tenant.name }), { status: 409, code: 'CONFLICT', field: 'name', watch: [`/tenants/${t2.id}`] });
    });

    it('refuses a second logical router in one VPC with 409 on vpcId', async () => {
      const { vpc: v } = await seed.tenantVpc(api, f.fabric.id);
      await seed.router(api, v.id);
      await expectRefused(api, () => api.post('/logical-routers', { vpcId: v.id, name: 'second' }), { status: 409, code: 'CONFLICT', field: 'vpcId' });
    });

    it('refuses a VRF name already used in the fabric with 409, and derives a free one when the default collides', async () => {
      const t = await seed.tenant(api, { name: 'acme' });
      const first = await seed.vpc(api, f.fabric.id, t.id, { name: 'prod-eu' });
      expect(first.vrfName).toBe('acme-prod-eu');
      await expectRefused(api, () => api.post('/vpcs', { tenantId: tenant.id, fabricId: f.fabric.id, name: 'explicit', cidrs: ['10.1.0.0/16'], vrfName: 'acme-prod-eu' }), {
        status: 409,
        code: 'CONFLICT',
        field: 'vrfName',
      });
      // Tenant acme-prod + VPC eu would default to the same VRF name: it gets vpc-<l3Vni> instead.
      const t2 = await seed.tenant(api, { name: 'acme-prod' });
      const second = await seed.vpc(api, f.fabric.id, t2.id, { name: 'eu' });
      expect(second.vrfName).toBe(`vpc-${second.l3Vni}`);
    });
  });
});
