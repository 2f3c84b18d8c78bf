import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '#testing';
import { startTestController, type TestController } from './support/controller.harness.js';

/** From REST intent to per-device configuration, pending changes and the suppression what-if. */
describe('compiled configuration over the API', () => {
  let c: TestController;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    c = await startTestController();
    const api = c.api;
    const fabric = expectStatus(await api.post('/fabrics', { name: 'dc1', asn: 65000 }), 201);
    ids.fabric = fabric.id;
    const dev = async (name: string, role: string, platform: string, loopbackIp: string) =>
      expectStatus(await api.post('/devices', { fabricId: fabric.id, name, role, platform, managementHost: '127.0.0.1', username: 'admin', loopbackIp }), 201).id as string;
    ids.spine = await dev('spine-1', 'spine', 'ce-netconf', '10.255.0.1');
    ids.leaf1 = await dev('leaf-1', 'leaf', 'ce-cli', '10.255.0.11');
    ids.leaf2 = await dev('leaf-2', 'leaf', 'ce-netconf', '10.255.0.12');
    for (const [leaf, port] of [[ids.leaf1, '100GE1/0/1'], [ids.leaf2, '100GE1/0/1']] as const) {
      expectStatus(await api.post('/links', { aDeviceId: ids.spine, aInterface: `10GE1/0/${leaf === ids.leaf1 ? 1 : 2}`, bDeviceId: leaf, bInterface: port }), 201);
    }
    const tenant = expectStatus(await api.post('/tenants', { name: 'acme' }), 201);
    const vpc = expectStatus(await api.post('/vpcs', { tenantId: tenant.id, fabricId: fabric.id, name: 'pods', cidrs: ['10.2.0.0/16'], attachmentMode: 'l3-route', routeSuppression: true }), 201);
    ids.vpc = vpc.id;
    const ls = expectStatus(await api.post('/logical-switches', { vpcId: vpc.id, name: 'pods', subnet: '10.2.0.0/24' }), 201);
    const n1 = expectStatus(await api.post('/container-nodes', { fabricId: fabric.id, name: 'worker-1', leafDeviceId: ids.leaf1, leafInterface: '10GE1/0/1', mode: 'l3-route' }), 201);
    const n2 = expectStatus(await api.post('/container-nodes', { fabricId: fabric.id, name: 'worker-2', leafDeviceId: ids.leaf2, leafInterface: '10GE1/0/1', mode: 'l3-route' }), 201);
    for (const [name, node] of [['a', n1], ['b', n1], ['c', n2]] as const) {
      expectStatus(await api.post('/logical-ports', { logicalSwitchId: ls.id, name, binding: { kind: 'container-node', containerNodeId: node.id } }), 201);
    }
    // A fixed IP inside worker-1's block, running on worker-2: an exception.
    expectStatus(await api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'fixed', ip: '10.2.0.20', binding: { kind: 'container-node', containerNodeId: n2.id } }), 201);
  });
  afterAll(async () => {
    await c?.close();
  });

  it("renders a leaf's desired configuration in its platform's syntax, and in the others on request", async () => {
    const cli = await c.api.get(`/devices/${ids.leaf1}/config`);
    expect(cli.status).toBe(200);
    expect(cli.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(cli.body).toMatch(/bgp 4200000000/);
    expect(cli.body).toMatch(/ip vpn-instance acme-pods/);
    const xml = await c.api.get(`/devices/${ids.leaf1}/config?format=netconf`);
    expect(xml.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(xml.body).toMatch(/<config[\s>]/);
    const json = expectStatus(await c.api.get(`/devices/${ids.leaf1}/config?format=json`), 200);
    expect(json.vrfs.map((v: { name: string }) => v.name)).toEqual(['acme-pods']);
    expect(json.vrfs[0].neighbors).toEqual([{ peer: '10GE1/0/1', remoteAs: expect.any(Number), description: 'container node worker-1', addressFamilies: ['ipv4-unicast'] }]);
    expectStatus(await c.api.get(`/devices/${ids.leaf1}/config?format=yaml`), 400);
  });

  it('lists every device as never pushed, with its change set', async () => {
    const plan = expectStatus(await c.api.get(`/fabrics/${ids.fabric}/plan`), 200);
    expect(plan.devices.map((d: { device: string }) => d.device)).toEqual(['leaf-1', 'leaf-2', 'spine-1']);
    for (const d of plan.devices) {
      expect(d.status).toBe('never-pushed');
      expect(d.summary.add).toBeGreaterThan(0);
      expect(d.summary.remove).toBe(0);
      expect(d.changes.length).toBeGreaterThan(0);
    }
  });

  it('shows the suppression what-if: aggregates, the moved fixed IP as an exception, nothing blackholed', async () => {
    const on = expectStatus(await c.api.get(`/vpcs/${ids.vpc}/route-plan?suppression=on`), 200);
    expect(on.summary).toMatchObject({ leaves: 2, exceptions: 1, blackholed: 0, atRiskWithoutExceptions: 1 });
    expect(on.exceptions).toEqual([{ port: 'fixed', ip: '10.2.0.20', node: 'worker-2', coveredBy: 'worker-1' }]);
    const off = expectStatus(await c.api.get(`/vpcs/${ids.vpc}/route-plan?suppression=off`), 200);
    expect(off.summary).toMatchObject({ maxRoutesPerLeaf: 4, exceptions: 0, blackholed: 0 });
    expect(on.summary.maxRoutesPerLeaf).toBeLessThan(off.summary.maxRoutesPerLeaf);
  });

  it('refuses what-ifs that mean nothing', async () => {
    expect((await c.api.get(`/vpcs/${ids.vpc}/route-plan?suppression=maybe`)).status).toBe(400);
    expect((await c.api.get('/vpcs/00000000-0000-4000-8000-000000000000/route-plan')).status).toBe(404);
    const tenants = expectStatus(await c.api.get('/tenants'), 200);
    const bridged = expectStatus(await c.api.post('/vpcs', { tenantId: tenants.items[0].id, fabricId: ids.fabric, name: 'bridged', cidrs: ['10.9.0.0/16'] }), 201);
    const res = await c.api.get(`/vpcs/${bridged.id}/route-plan?suppression=on`);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'INVALID_VALUE', errors: [{ field: 'suppression' }] });
  });

  it('keeps compiled views away from tenant-scoped tokens', async () => {
    const tenants = expectStatus(await c.api.get('/tenants'), 200);
    const token = expectStatus(await c.api.post('/tokens', { name: 't', role: 'viewer', tenantId: tenants.items[0].id }), 201).token;
    expect((await c.api.as(token).get(`/devices/${ids.leaf1}/config`)).status).toBe(404);
    expect((await c.api.as(token).get(`/fabrics/${ids.fabric}/plan`)).status).toBe(404);
    expect((await c.api.as(token).get(`/vpcs/${ids.vpc}/route-plan`)).status).toBe(404);
  });

  it("answers 422 when a platform cannot express a device's intent, and plans the other devices", async () => {
    const tenant = expectStatus(await c.api.post('/tenants', { name: 'v6' }), 201);
    const vpc = expectStatus(await c.api.post('/vpcs', { tenantId: tenant.id, fabricId: ids.fabric, name: 'six', cidrs: ['2001:db8:1::/48'] }), 201);
    const ls = expectStatus(await c.api.post('/logical-switches', { vpcId: vpc.id, name: 'six', subnet: '2001:db8:1:1::/64' }), 201);
    expectStatus(await c.api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'six-0', binding: { kind: 'leaf-interface', deviceId: ids.leaf1, interfaceName: '10GE1/0/9' } }), 201);
    const res = await c.api.get(`/devices/${ids.leaf1}/config`);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'INVALID_VALUE', detail: expect.stringMatching(/leaf-1 cannot be expressed in ce-cli/) });
    const plan = expectStatus(await c.api.get(`/fabrics/${ids.fabric}/plan`), 200);
    const byName = Object.fromEntries(plan.devices.map((d: { device: string }) => [d.device, d]));
    expect(byName['leaf-1']).toMatchObject({ status: 'unrenderable', error: expect.any(String) });
    expect(byName['spine-1'].status).toBe('never-pushed');
  });
});
