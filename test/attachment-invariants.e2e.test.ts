import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFabric, type ApiClient, expectStatus, seed, type SeededFabric } from '#testing';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectRefused } from './support/refusal.assertions.js';

type Json = Record<string, any>;

/**
 * A leaf interface is either a fabric link or an access port (container node, tenant ports), and
 * only leaves carry access ports: whichever object comes second is refused.
 */
describe('attachment invariants', () => {
  let c: TestController;
  let api: ApiClient;
  let f: SeededFabric;
  let ls: Json;
  let spine: Json;
  let leaf: Json;

  beforeAll(async () => {
    c = await startTestController();
    api = c.api;
    f = await aFabric().withSpines(1).withLeaves(2).withBorderLeaves(1).create(api);
    [spine, leaf] = [f.spines[0]!, f.leaves[0]!];
    const { vpc } = await seed.tenantVpc(api, f.fabric.id);
    ls = await seed.logicalSwitch(api, vpc.id);
  });
  afterAll(async () => {
    await c?.close();
  });

  const onLeaf = (device: Json, interfaceName: string) => ({ kind: 'leaf-interface', deviceId: device.id, interfaceName });

  it('refuses a second link on a cabled interface with 409', async () => {
    const link = await seed.link(api, spine, '10GE1/0/1', leaf, '10GE1/0/49');
    const problem = await expectRefused(api, () => api.post('/links', { aDeviceId: spine.id, aInterface: '10GE1/0/1', bDeviceId: f.leaves[1]!.id, bInterface: '10GE1/0/49' }), {
      status: 409,
      code: 'CONFLICT',
      field: 'aInterface',
    });
    expect(problem.conflictingId).toBe(link.id);
  });

  it('refuses a link joining devices of two fabrics, or an interface to itself, with 422', async () => {
    const other = await aFabric().withSpines(1).withLeaves(0).create(api);
    await expectRefused(api, () => api.post('/links', { aDeviceId: other.spines[0]!.id, aInterface: 'eth1', bDeviceId: leaf.id, bInterface: 'eth1' }), {
      status: 422,
      code: 'INVALID_VALUE',
      field: 'bDeviceId',
    });
    await expectRefused(api, () => api.post('/links', { aDeviceId: leaf.id, aInterface: 'eth2', bDeviceId: leaf.id, bInterface: 'eth2' }), {
      status: 422,
      code: 'INVALID_VALUE',
      field: 'bInterface',
    });
  });

  it('refuses binding a port or attaching a container node on a fabric link with 409', async () => {
    await seed.link(api, spine, '10GE1/0/2', leaf, '10GE1/0/50');
    await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'on-link', binding: onLeaf(leaf, '10GE1/0/50') }), {
      status: 409,
      code: 'CONFLICT',
      field: 'binding.interfaceName',
    });
    await expectRefused(api, () => api.post('/container-nodes', { fabricId: f.fabric.id, name: 'on-link', leafDeviceId: leaf.id, leafInterface: '10GE1/0/50', mode: 'l2-bridge' }), {
      status: 409,
      code: 'CONFLICT',
      field: 'leafInterface',
    });
  });

  it("refuses cabling a container node's interface, or an interface with bound ports, with 409", async () => {
    const node = await seed.node(api, f.fabric.id, leaf.id);
    const problem = await expectRefused(api, () => api.post('/links', { aDeviceId: spine.id, aInterface: '10GE1/0/3', bDeviceId: leaf.id, bInterface: node.leafInterface }), {
      status: 409,
      code: 'CONFLICT',
      field: 'bInterface',
    });
    expect(problem.conflictingId).toBe(node.id);

    const port = await seed.port(api, ls.id, { binding: onLeaf(leaf, '10GE1/0/20') });
    const portProblem = await expectRefused(api, () => api.post('/links', { aDeviceId: spine.id, aInterface: '10GE1/0/4', bDeviceId: leaf.id, bInterface: '10GE1/0/20' }), {
      status: 409,
      code: 'CONFLICT',
      field: 'bInterface',
      watch: [`/logical-ports/${port.id}`],
    });
    expect(portProblem.conflictingId).toBe(port.id);
    // Re-cabling an existing link (PATCH) onto it is the same collision.
    const link = await seed.link(api, spine, '10GE1/0/5', leaf, '10GE1/0/51');
    await expectRefused(api, () => api.patch(`/links/${link.id}`, { bInterface: '10GE1/0/20' }), { status: 409, code: 'CONFLICT', field: 'bInterface', watch: [`/links/${link.id}`] });
  });

  it('refuses ports and container nodes on a spine with 422', async () => {
    await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'on-spine', binding: onLeaf(spine, '10GE1/0/30') }), {
      status: 422,
      code: 'INVALID_VALUE',
      field: 'binding.deviceId',
    });
    await expectRefused(api, () => api.post('/container-nodes', { fabricId: f.fabric.id, name: 'on-spine', leafDeviceId: spine.id, leafInterface: '10GE1/0/30', mode: 'l2-bridge' }), {
      status: 422,
      code: 'INVALID_VALUE',
      field: 'leafDeviceId',
    });
  });

  it('refuses turning a leaf with attachments into a spine with 409, and allows it once they are gone', async () => {
    const other = await aFabric().withSpines(0).withLeaves(2).create(api);
    const [withPort, withNode] = other.leaves as [Json, Json];
    const { vpc } = await seed.tenantVpc(api, other.fabric.id);
    const own = await seed.logicalSwitch(api, vpc.id);
    const port = await seed.port(api, own.id, { binding: onLeaf(withPort, '10GE1/0/1') });
    const node = await seed.node(api, other.fabric.id, withNode.id);
    await expectRefused(api, () => api.patch(`/devices/${withPort.id}`, { role: 'spine' }), { status: 409, code: 'CONFLICT', field: 'role', watch: [`/devices/${withPort.id}`] });
    await expectRefused(api, () => api.patch(`/devices/${withNode.id}`, { role: 'vswitch' }), { status: 409, code: 'CONFLICT', field: 'role', watch: [`/devices/${withNode.id}`] });
    // Leaf and border leaf both carry access ports: that change is fine.
    expect(expectStatus(await api.patch(`/devices/${withPort.id}`, { role: 'border-leaf' }), 200).role).toBe('border-leaf');

    expectStatus(await api.patch(`/logical-ports/${port.id}`, { binding: null }), 200);
    expectStatus(await api.delete(`/container-nodes/${node.id}`), 204);
    expect(expectStatus(await api.patch(`/devices/${withPort.id}`, { role: 'spine' }), 200).role).toBe('spine');
    expect(expectStatus(await api.patch(`/devices/${withNode.id}`, { role: 'spine' }), 200).role).toBe('spine');
  });

  it('refuses demoting a border leaf that an external gateway uses with 409', async () => {
    const borderLeaf = f.borderLeaves[0]!;
    const { vpc } = await seed.tenantVpc(api, f.fabric.id);
    expectStatus(await api.post('/external-gateways', { vpcId: vpc.id, name: 'internet', borderLeafIds: [borderLeaf.id] }), 201);
    await expectRefused(api, () => api.patch(`/devices/${borderLeaf.id}`, { role: 'leaf' }), { status: 409, code: 'CONFLICT', field: 'role', watch: [`/devices/${borderLeaf.id}`] });
  });
});
