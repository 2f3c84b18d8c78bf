import { type ApiClient, expectStatus } from './api-client.js';

type Json = Record<string, any>;

let seq = 0;
const next = () => ++seq;

export interface SeededFabric {
  fabric: Json;
  spines: Json[];
  leaves: Json[];
  borderLeaves: Json[];
}

/**
 * Builds fabrics and tenant networks through the REST API, the way an operator would, with unique
 * names and loopbacks per call: `await aFabric().withLeaves(4).create(api)`.
 */
export class FabricFactory {
  private spines = 2;
  private leaves = 2;
  private borderLeaves = 0;
  private overrides: Json = {};

  withSpines(n: number): this {
    this.spines = n;
    return this;
  }
  withLeaves(n: number): this {
    this.leaves = n;
    return this;
  }
  withBorderLeaves(n: number): this {
    this.borderLeaves = n;
    return this;
  }
  with(overrides: Json): this {
    this.overrides = { ...this.overrides, ...overrides };
    return this;
  }

  async create(api: ApiClient): Promise<SeededFabric> {
    const n = next();
    const fabric = expectStatus(await api.post('/fabrics', { name: `fabric-${n}`, asn: 65000, ...this.overrides }), 201);
    const device = async (role: string, i: number) =>
      expectStatus(
        await api.post('/devices', {
          fabricId: fabric.id,
          name: `${role}-${i}`,
          role,
          platform: 'ce-netconf',
          managementHost: '127.0.0.1',
          username: 'admin',
          password: 'admin',
          loopbackIp: `10.${n % 250}.${role === 'spine' ? 0 : role === 'leaf' ? 1 : 2}.${i}`,
        }),
        201,
      );
    const make = async (role: string, count: number) => {
      const out: Json[] = [];
      for (let i = 1; i <= count; i++) out.push(await device(role, i));
      return out;
    };
    return { fabric, spines: await make('spine', this.spines), leaves: await make('leaf', this.leaves), borderLeaves: await make('border-leaf', this.borderLeaves) };
  }
}

export const aFabric = () => new FabricFactory();

/** Tenant-side objects with sensible defaults; every call gets a unique name. */
export const seed = {
  async tenant(api: ApiClient, body: Json = {}): Promise<Json> {
    return expectStatus(await api.post('/tenants', { name: `tenant-${next()}`, ...body }), 201);
  },
  async vpc(api: ApiClient, fabricId: string, tenantId: string | undefined, body: Json = {}): Promise<Json> {
    return expectStatus(await api.post('/vpcs', { ...(tenantId ? { tenantId } : {}), fabricId, name: `vpc-${next()}`, cidrs: ['10.1.0.0/16'], ...body }), 201);
  },
  async logicalSwitch(api: ApiClient, vpcId: string, body: Json = {}): Promise<Json> {
    return expectStatus(await api.post('/logical-switches', { vpcId, name: `ls-${next()}`, subnet: '10.1.1.0/24', ...body }), 201);
  },
  async port(api: ApiClient, logicalSwitchId: string, body: Json = {}): Promise<Json> {
    return expectStatus(await api.post('/logical-ports', { logicalSwitchId, name: `port-${next()}`, ...body }), 201);
  },
  async node(api: ApiClient, fabricId: string, leafDeviceId: string, body: Json = {}): Promise<Json> {
    const n = next();
    return expectStatus(await api.post('/container-nodes', { fabricId, name: `node-${n}`, leafDeviceId, leafInterface: `10GE1/0/${n}`, mode: 'l2-bridge', ...body }), 201);
  },
  async router(api: ApiClient, vpcId: string, body: Json = {}): Promise<Json> {
    return expectStatus(await api.post('/logical-routers', { vpcId, name: `router-${next()}`, ...body }), 201);
  },
  /** A cable between two devices of one fabric. */
  async link(api: ApiClient, a: Json, aInterface: string, b: Json, bInterface: string): Promise<Json> {
    return expectStatus(await api.post('/links', { aDeviceId: a.id, aInterface, bDeviceId: b.id, bInterface }), 201);
  },
  /** A tenant with one VPC on the fabric: the usual starting point of a tenant-network test. */
  async tenantVpc(api: ApiClient, fabricId: string, vpcBody: Json = {}): Promise<{ tenant: Json; vpc: Json }> {
    const tenant = await seed.tenant(api);
    return { tenant, vpc: await seed.vpc(api, fabricId, tenant.id, vpcBody) };
  },
};
