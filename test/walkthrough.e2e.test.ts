import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '#testing';
import { startTestController, type TestController } from './support/controller.harness.js';

/** The README walk-through, step by step, as an operator runs it with curl. */
describe('operator walk-through', () => {
  let c: TestController;
  beforeAll(async () => {
    c = await startTestController();
  });
  afterAll(async () => {
    await c?.close();
  });

  it('builds a fabric and a tenant network, allocating what was omitted, and audits every step', async () => {
    const api = c.api;
    const fabric = expectStatus(await api.post('/fabrics', { name: 'dc1', asn: 65000 }), 201);
    const spine = expectStatus(
      await api.post('/devices', { fabricId: fabric.id, name: 'spine1', role: 'spine', platform: 'ce-netconf', managementHost: '127.0.0.1', username: 'admin', password: 's3cret', loopbackIp: '10.255.0.1' }),
      201,
    );
    const leaf = expectStatus(
      await api.post('/devices', { fabricId: fabric.id, name: 'leaf1', role: 'leaf', platform: 'ce-cli', managementHost: '127.0.0.1', username: 'admin', password: 's3cret', loopbackIp: '10.255.0.11' }),
      201,
    );
    expect(spine.asn).toBe(65000);
    expect(leaf.asn).toBe(4_200_000_000);
    expect(leaf.managementPort).toBe(22);
    expect(leaf).not.toHaveProperty('password');
    expect(leaf.hasPassword).toBe(true);
    expectStatus(await api.post('/links', { aDeviceId: spine.id, aInterface: '10GE1/0/1', bDeviceId: leaf.id, bInterface: '10GE1/0/49' }), 201);

    const tenant = expectStatus(await api.post('/tenants', { name: 'acme' }), 201);
    const vpc = expectStatus(await api.post('/vpcs', { tenantId: tenant.id, fabricId: fabric.id, name: 'prod', cidrs: ['10.1.0.0/16'] }), 201);
    expect(vpc).toMatchObject({ vrfName: 'acme-prod', l3Vni: 10000, routeDistinguisher: '65000:10000', importRouteTargets: ['65000:10000'], attachmentMode: 'l2-bridge' });
    const web = expectStatus(await api.post('/logical-switches', { vpcId: vpc.id, name: 'web', subnet: '10.1.1.0/24' }), 201);
    expect(web).toMatchObject({ l2Vni: 10001, gatewayIp: '10.1.1.1', gatewayMac: '00:00:5e:00:01:01', arpSuppression: true });

    const res = await api.post('/logical-ports', { logicalSwitchId: web.id, name: 'web-0', binding: { kind: 'leaf-interface', deviceId: leaf.id, interfaceName: '10GE1/0/1' } });
    const port = expectStatus(res, 201);
    expect(port).toMatchObject({ ip: '10.1.1.2', ipMode: 'allocated', binding: { vlan: 100, interfaceName: '10GE1/0/1' } });
    expect(port.mac).toMatch(/^02(:[0-9a-f]{2}){5}$/);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`/api/v1/logical-ports/${port.id}`);

    const again = expectStatus(await api.post('/logical-ports', { logicalSwitchId: web.id, name: 'web-1', binding: { kind: 'leaf-interface', deviceId: leaf.id, interfaceName: '10GE1/0/1' } }), 201);
    expect(again.ip).toBe('10.1.1.3');
    expect(again.binding.vlan).toBe(100); // same logical switch, same interface → same VLAN

    const revisions = expectStatus(await api.get('/revisions'), 200);
    expect(revisions.head).toBe(Number(res.headers.get('x-spinel-revision')) + 1);
    expect(revisions.items[0]).toMatchObject({ summary: 'create logical port', actor: { name: 'bootstrap-admin' }, changes: [{ kind: 'logical-port', op: 'create', before: null }] });
    const listed = expectStatus(await api.get(`/logical-ports?logicalSwitchId=${web.id}&limit=1`), 200);
    expect(listed).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(listed.items).toHaveLength(1);
  });
});
