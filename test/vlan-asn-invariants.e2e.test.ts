import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFabric, type ApiClient, expectStatus, seed, type SeededFabric } from '#testing';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectRefused } from './support/refusal.assertions.js';

describe('VLAN and ASN invariants', () => {
  let c: TestController;
  let api: ApiClient;
  let f: SeededFabric;
  let leaf: Record<string, any>;

  beforeAll(async () => {
    c = await startTestController();
    api = c.api;
    f = await aFabric().withSpines(1).withLeaves(2).create(api);
    leaf = f.leaves[0]!;
  });
  afterAll(async () => {
    await c?.close();
  });

  /** A VPC with two logical switches, for ports that compete for VLANs. */
  async function twoSwitches() {
    const { vpc } = await seed.tenantVpc(api, f.fabric.id);
    const web = await seed.logicalSwitch(api, vpc.id, { subnet: '10.1.1.0/24' });
    const db = await seed.logicalSwitch(api, vpc.id, { subnet: '10.1.2.0/24' });
    return { vpc, web, db };
  }
  const onLeaf = (interfaceName: string, vlan?: number, device: Record<string, any> = leaf) => ({
    kind: 'leaf-interface',
    deviceId: device.id,
    interfaceName,
    ...(vlan === undefined ? {} : { vlan }),
  });

  describe('VLAN', () => {
    it.each([0, 4095, -1, 100.5])('refuses binding.vlan %s with 400 on binding.vlan', async (vlan) => {
      const { web } = await twoSwitches();
      await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: web.id, name: 'p', binding: onLeaf('10GE1/0/1', vlan) }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'binding.vlan',
      });
    });

    it('accepts VLANs 1 and 4094', async () => {
      const { web, db } = await twoSwitches();
      const a = await seed.port(api, web.id, { binding: onLeaf('10GE1/0/2', 1) });
      const b = await seed.port(api, db.id, { binding: onLeaf('10GE1/0/2', 4094) });
      expect([a.binding.vlan, b.binding.vlan]).toEqual([1, 4094]);
    });

    it('refuses two logical switches asking for the same VLAN on one leaf interface with 409', async () => {
      const { web, db } = await twoSwitches();
      await seed.port(api, web.id, { binding: onLeaf('10GE1/0/3', 200) });
      await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: db.id, name: 'db-0', binding: onLeaf('10GE1/0/3', 200) }), {
        status: 409,
        code: 'CONFLICT',
        field: 'binding.vlan',
        detail: /VLAN 200 .* already carries another logical switch/,
      });
      // VLANs are significant per interface: the same VLAN elsewhere is another broadcast domain.
      const elsewhere = await seed.port(api, db.id, { binding: onLeaf('10GE1/0/4', 200) });
      const otherLeaf = await seed.port(api, db.id, { binding: onLeaf('10GE1/0/3', 200, f.leaves[1]!) });
      expect([elsewhere.binding.vlan, otherLeaf.binding.vlan]).toEqual([200, 200]);
    });

    it('lets one logical switch reuse its VLAN on an interface, and refuses a second VLAN for it there', async () => {
      const { web, db } = await twoSwitches();
      const first = await seed.port(api, web.id, { binding: onLeaf('10GE1/0/5') });
      const second = await seed.port(api, web.id, { binding: onLeaf('10GE1/0/5') });
      const third = await seed.port(api, web.id, { binding: onLeaf('10GE1/0/5', first.binding.vlan) });
      expect(second.binding.vlan).toBe(first.binding.vlan);
      expect(third.binding.vlan).toBe(first.binding.vlan);
      // The other switch gets the next free VLAN there.
      const other = await seed.port(api, db.id, { binding: onLeaf('10GE1/0/5') });
      expect(other.binding.vlan).not.toBe(first.binding.vlan);

      await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: web.id, name: 'web-x', binding: onLeaf('10GE1/0/5', first.binding.vlan + 500) }), {
        status: 409,
        code: 'CONFLICT',
        field: 'binding.vlan',
        detail: /already uses VLAN/,
      });
    });

    it("refuses re-binding a port (PATCH) onto a VLAN another switch holds, leaving the port unchanged", async () => {
      const { web, db } = await twoSwitches();
      await seed.port(api, web.id, { binding: onLeaf('10GE1/0/6', 300) });
      const mover = await seed.port(api, db.id, { binding: onLeaf('10GE1/0/7', 300) });
      await expectRefused(api, () => api.patch(`/logical-ports/${mover.id}`, { binding: onLeaf('10GE1/0/6', 300) }), {
        status: 409,
        code: 'CONFLICT',
        field: 'binding.vlan',
        watch: [`/logical-ports/${mover.id}`],
      });
    });

    it('counts the ports of a container node (l2-bridge) against the VLANs of its leaf interface', async () => {
      const { web, db } = await twoSwitches();
      const node = await seed.node(api, f.fabric.id, leaf.id);
      await seed.port(api, web.id, { binding: { kind: 'container-node', containerNodeId: node.id, vlan: 400 } });
      await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: db.id, name: 'db-pod', binding: { kind: 'container-node', containerNodeId: node.id, vlan: 400 } }), {
        status: 409,
        code: 'CONFLICT',
        field: 'binding.vlan',
      });
      await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: db.id, name: 'db-wire', binding: onLeaf(node.leafInterface, 400) }), {
        status: 409,
        code: 'CONFLICT',
        field: 'binding.vlan',
      });
    });

    it.each([
      ['vlanMin', 0],
      ['vlanMax', 4095],
    ])('refuses a fabric VLAN pool with %s %s with 400', async (field, value) => {
      await expectRefused(api, () => api.post('/fabrics', { name: `vlan-pool-${value}`, asn: 65000, [field]: value }), { status: 400, code: 'VALIDATION_FAILED', field });
    });
  });

  describe('ASN', () => {
    const badAsns: [string, unknown][] = [
      ['0 (reserved)', 0],
      ['4294967296 (2^32)', 4294967296],
      ['-1', -1],
      ['a fraction', 65000.5],
      ['an asdot string', '65000.10'],
    ];

    it.each(badAsns)('refuses fabric asn %s with 400', async (_label, asn) => {
      await expectRefused(api, () => api.post('/fabrics', { name: 'bad-asn', asn }), { status: 400, code: 'VALIDATION_FAILED', field: 'asn' });
      await expectRefused(api, () => api.patch(`/fabrics/${f.fabric.id}`, { asn }), { status: 400, code: 'VALIDATION_FAILED', field: 'asn', watch: [`/fabrics/${f.fabric.id}`] });
    });

    it.each(badAsns)('refuses device asn %s with 400', async (_label, asn) => {
      const device = { fabricId: f.fabric.id, name: 'bad-asn', role: 'leaf', platform: 'ce-netconf', managementHost: '127.0.0.1', username: 'admin', loopbackIp: '10.254.0.1', asn };
      await expectRefused(api, () => api.post('/devices', device), { status: 400, code: 'VALIDATION_FAILED', field: 'asn' });
      await expectRefused(api, () => api.patch(`/devices/${leaf.id}`, { asn }), { status: 400, code: 'VALIDATION_FAILED', field: 'asn', watch: [`/devices/${leaf.id}`] });
    });

    it.each(badAsns)('refuses container node asn %s with 400', async (_label, asn) => {
      const node = { fabricId: f.fabric.id, name: 'bad-asn', leafDeviceId: leaf.id, leafInterface: '10GE1/0/40', mode: 'l3-route', asn };
      await expectRefused(api, () => api.post('/container-nodes', node), { status: 400, code: 'VALIDATION_FAILED', field: 'asn' });
    });

    it('accepts the extremes 1 and 4294967295 on fabrics, devices and container nodes', async () => {
      const fabric = expectStatus(await api.post('/fabrics', { name: 'asn-max', asn: 4294967295 }), 201);
      expect(fabric.asn).toBe(4294967295);
      expect(expectStatus(await api.patch(`/fabrics/${fabric.id}`, { asn: 1 }), 200).asn).toBe(1);
      const device = expectStatus(
        await api.post('/devices', { fabricId: f.fabric.id, name: 'asn-max', role: 'leaf', platform: 'ce-cli', managementHost: 'leaf.example', username: 'admin', loopbackIp: '10.254.0.2', asn: 4294967295 }),
        201,
      );
      expect(device.asn).toBe(4294967295);
      const node = await seed.node(api, f.fabric.id, leaf.id, { mode: 'l3-route', asn: 4294967295 });
      expect(node.asn).toBe(4294967295);
      expect(expectStatus(await api.patch(`/container-nodes/${node.id}`, { asn: 1 }), 200).asn).toBe(1);
    });

    it('refuses an ASN on an l2-bridge container node with 422: only routing nodes speak BGP', async () => {
      await expectRefused(api, () => api.post('/container-nodes', { fabricId: f.fabric.id, name: 'bridge', leafDeviceId: leaf.id, leafInterface: '10GE1/0/41', mode: 'l2-bridge', asn: 65001 }), {
        status: 422,
        code: 'INVALID_VALUE',
        field: 'asn',
      });
    });
  });
});
