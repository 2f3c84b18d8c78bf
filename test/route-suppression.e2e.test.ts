import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFabric, type ApiClient, expectStatus, seed, type SeededFabric } from '#testing';
import { Cidr } from '#domain';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectRefused } from './support/refusal.assertions.js';

type Json = Record<string, any>;

/**
 * Under route suppression a routing container node advertises its IP blocks, not a /32 per pod:
 * pods get addresses from their node's blocks, and a pod outside them is a recorded /32 exception.
 */
describe('route suppression', () => {
  let c: TestController;
  let api: ApiClient;
  let f: SeededFabric;

  beforeAll(async () => {
    c = await startTestController();
    api = c.api;
    f = await aFabric().withSpines(1).withLeaves(2).create(api);
  });
  afterAll(async () => {
    await c?.close();
  });

  /** A suppressed l3-route VPC with one /24 switch and two routing nodes on different leaves. */
  async function suppressedNetwork(vpcBody: Json = {}) {
    const { tenant, vpc } = await seed.tenantVpc(api, f.fabric.id, { attachmentMode: 'l3-route', routeSuppression: true, ...vpcBody });
    const ls = await seed.logicalSwitch(api, vpc.id, { subnet: '10.1.1.0/24' });
    const nodeA = await seed.node(api, f.fabric.id, f.leaves[0]!.id, { mode: 'l3-route' });
    const nodeB = await seed.node(api, f.fabric.id, f.leaves[1]!.id, { mode: 'l3-route' });
    return { tenant, vpc, ls, nodeA, nodeB };
  }
  const onNode = (node: Json) => ({ kind: 'container-node', containerNodeId: node.id });
  const blocksOf = async (node: Json): Promise<string[]> => expectStatus(await api.get(`/container-nodes/${node.id}`), 200).ipBlocks.map((b: Json) => b.cidr);
  const readPort = async (port: Json): Promise<Json> => expectStatus(await api.get(`/logical-ports/${port.id}`), 200);
  const inside = (ip: string, blocks: string[]) => blocks.some((b) => Cidr.parse(b).contains(ip));

  describe('refusals', () => {
    it('refuses route suppression on an l2-bridge VPC with 422, whether explicit or by default', async () => {
      const tenant = await seed.tenant(api);
      for (const attachment of [{ attachmentMode: 'l2-bridge' }, {}]) {
        await expectRefused(api, () => api.post('/vpcs', { tenantId: tenant.id, fabricId: f.fabric.id, name: 'bridged', cidrs: ['10.1.0.0/16'], routeSuppression: true, ...attachment }), {
          status: 422,
          code: 'INVALID_VALUE',
          field: 'routeSuppression',
          detail: /l3-route/,
        });
      }
    });

    it('refuses turning suppression on for an l2-bridge VPC, or bridging a suppressed VPC, through PATCH', async () => {
      const { vpc: bridged } = await seed.tenantVpc(api, f.fabric.id);
      await expectRefused(api, () => api.patch(`/vpcs/${bridged.id}`, { routeSuppression: true }), {
        status: 422,
        code: 'INVALID_VALUE',
        field: 'routeSuppression',
        watch: [`/vpcs/${bridged.id}`],
      });
      const { vpc: routed } = await seed.tenantVpc(api, f.fabric.id, { attachmentMode: 'l3-route', routeSuppression: true });
      await expectRefused(api, () => api.patch(`/vpcs/${routed.id}`, { attachmentMode: 'l2-bridge' }), {
        status: 422,
        code: 'INVALID_VALUE',
        field: 'routeSuppression',
        watch: [`/vpcs/${routed.id}`],
      });
    });

    it('refuses binding a port to a node whose mode differs from the VPC, or with a VLAN on a routing node', async () => {
      const { ls, nodeA } = await suppressedNetwork();
      const bridgeNode = await seed.node(api, f.fabric.id, f.leaves[0]!.id, { mode: 'l2-bridge' });
      await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'p', binding: onNode(bridgeNode) }), {
        status: 422,
        code: 'INVALID_VALUE',
        field: 'binding.containerNodeId',
        watch: [`/container-nodes/${bridgeNode.id}`],
      });
      await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'p', binding: { ...onNode(nodeA), vlan: 100 } }), {
        status: 422,
        code: 'INVALID_VALUE',
        field: 'binding.vlan',
        watch: [`/container-nodes/${nodeA.id}`],
      });
    });

    it('carves no block when the port is refused after its address was allocated', async () => {
      const { ls, nodeA } = await suppressedNetwork();
      await seed.port(api, ls.id, { mac: '02:00:00:00:aa:01' });
      // nodeA has no block yet: the allocation would carve one, then the duplicate MAC refuses the port.
      await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'dup-mac', mac: '02:00:00:00:aa:01', binding: onNode(nodeA) }), {
        status: 409,
        code: 'CONFLICT',
        field: 'mac',
        watch: [`/container-nodes/${nodeA.id}`],
      });
      expect(await blocksOf(nodeA)).toEqual([]);
    });
  });

  describe('allocation from node blocks', () => {
    it("gives a node's ports addresses inside a /26 carved for that node, without exceptions", async () => {
      const { ls, nodeA, nodeB } = await suppressedNetwork();
      const a1 = await seed.port(api, ls.id, { binding: onNode(nodeA) });
      const a2 = await seed.port(api, ls.id, { binding: onNode(nodeA) });
      const b1 = await seed.port(api, ls.id, { binding: onNode(nodeB) });

      const blocksA = await blocksOf(nodeA);
      const blocksB = await blocksOf(nodeB);
      expect(blocksA).toHaveLength(1);
      expect(blocksB).toHaveLength(1);
      expect(blocksA[0]).toMatch(/^10\.1\.1\.\d+\/26$/);
      expect(blocksB[0]).toMatch(/^10\.1\.1\.\d+\/26$/);
      expect(Cidr.parse(blocksA[0]!).overlaps(blocksB[0]!)).toBe(false);
      expect(expectStatus(await api.get(`/container-nodes/${nodeA.id}`), 200).ipBlocks).toEqual([{ logicalSwitchId: ls.id, cidr: blocksA[0] }]);

      for (const p of [a1, a2]) expect(inside(p.ip, blocksA)).toBe(true);
      expect(inside(b1.ip, blocksB)).toBe(true);
      expect([a1, a2, b1].map((p) => [p.ipMode, p.routeException])).toEqual([
        ['allocated', false],
        ['allocated', false],
        ['allocated', false],
      ]);
      expect(a1.ip).not.toBe(ls.gatewayIp);
    });

    it('records the carved block as a change of the node, in the same revision as the port', async () => {
      const { ls, nodeA } = await suppressedNetwork();
      const res = await api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'audited', binding: onNode(nodeA) });
      const port = expectStatus(res, 201);
      const revision = expectStatus(await api.get(`/revisions/${res.headers.get('x-spinel-revision')}`), 200);
      const byKind = Object.fromEntries(revision.changes.map((ch: Json) => [ch.kind, ch]));
      expect(byKind['logical-port']).toMatchObject({ op: 'create', id: port.id });
      expect(byKind['container-node']).toMatchObject({ op: 'update', id: nodeA.id, before: { ipBlocks: [] }, after: { ipBlocks: [{ logicalSwitchId: ls.id }] } });
    });

    it('carves another block when the node has used up its own', async () => {
      // /30 blocks: the first holds the subnet's network address and the gateway, leaving two hosts.
      const { ls, nodeA } = await suppressedNetwork({ ipBlockPrefixLength: 30 });
      const ports: Json[] = [];
      for (let i = 0; i < 3; i++) ports.push(await seed.port(api, ls.id, { binding: onNode(nodeA) }));
      const blocks = await blocksOf(nodeA);
      expect(blocks).toHaveLength(2);
      expect(blocks.every((b) => b.endsWith('/30'))).toBe(true);
      expect(ports.every((p) => inside(p.ip, blocks) && !p.routeException)).toBe(true);
      expect(new Set(ports.map((p) => p.ip)).size).toBe(3);
    });
  });

  describe('exceptions', () => {
    it("records a fixed IP outside its node's blocks as an exception, and lists it", async () => {
      const { vpc, ls, nodeA } = await suppressedNetwork();
      const inBlock = await seed.port(api, ls.id, { binding: onNode(nodeA) });
      const block = (await blocksOf(nodeA))[0]!;
      const fixed = await seed.port(api, ls.id, { ip: '10.1.1.200', binding: onNode(nodeA) });
      expect(inside('10.1.1.200', [block])).toBe(false);
      expect(fixed).toMatchObject({ ipMode: 'fixed', routeException: true });

      const listed = expectStatus(await api.get(`/logical-ports?vpcId=${vpc.id}&routeException=true`), 200);
      expect(listed.items.map((p: Json) => p.id)).toEqual([fixed.id]);
      const regular = expectStatus(await api.get(`/logical-ports?vpcId=${vpc.id}&routeException=false`), 200);
      expect(regular.items.map((p: Json) => p.id)).toEqual([inBlock.id]);
    });

    it('flips a port to an exception when it moves to another node (PATCH binding), and back', async () => {
      const { ls, nodeA, nodeB } = await suppressedNetwork();
      const pod = await seed.port(api, ls.id, { binding: onNode(nodeA) });
      await seed.port(api, ls.id, { binding: onNode(nodeB) });
      expect(pod.routeException).toBe(false);

      const moved = expectStatus(await api.patch(`/logical-ports/${pod.id}`, { binding: onNode(nodeB) }), 200);
      expect(moved).toMatchObject({ ip: pod.ip, routeException: true, binding: { containerNodeId: nodeB.id } });
      expect(inside(pod.ip, await blocksOf(nodeB))).toBe(false);

      const back = expectStatus(await api.patch(`/logical-ports/${pod.id}`, { binding: onNode(nodeA) }), 200);
      expect(back).toMatchObject({ ip: pod.ip, routeException: false });
      // Unbound, a port advertises nothing of its own: no exception either.
      await api.patch(`/logical-ports/${pod.id}`, { binding: onNode(nodeB) });
      expect(expectStatus(await api.patch(`/logical-ports/${pod.id}`, { binding: null }), 200).routeException).toBe(false);
    });

    it("clears an exception when the node's blocks are changed to cover the port", async () => {
      const { ls, nodeA } = await suppressedNetwork();
      const fixed = await seed.port(api, ls.id, { ip: '10.1.1.200', binding: onNode(nodeA) });
      expect(fixed.routeException).toBe(true);
      const blocks = (await blocksOf(nodeA)).map((cidr) => ({ logicalSwitchId: ls.id, cidr }));
      expectStatus(await api.patch(`/container-nodes/${nodeA.id}`, { ipBlocks: [...blocks, { logicalSwitchId: ls.id, cidr: '10.1.1.192/26' }] }), 200);
      expect((await readPort(fixed)).routeException).toBe(false);
    });

    it('clears every exception when suppression is turned off, and restores them when it is back on', async () => {
      const { vpc, ls, nodeA, nodeB } = await suppressedNetwork();
      const pod = await seed.port(api, ls.id, { binding: onNode(nodeA) });
      await seed.port(api, ls.id, { binding: onNode(nodeB) });
      const fixed = await seed.port(api, ls.id, { ip: '10.1.1.250', binding: onNode(nodeA) });
      expectStatus(await api.patch(`/logical-ports/${pod.id}`, { binding: onNode(nodeB) }), 200);
      const exceptions = async () => expectStatus(await api.get(`/logical-ports?vpcId=${vpc.id}&routeException=true`), 200).items.map((p: Json) => p.id).sort();
      expect(await exceptions()).toEqual([pod.id, fixed.id].sort());

      const off = await api.patch(`/vpcs/${vpc.id}`, { routeSuppression: false });
      expect(expectStatus(off, 200).routeSuppression).toBe(false);
      expect(await exceptions()).toEqual([]);
      expect((await readPort(pod)).routeException).toBe(false);
      // One revision records the VPC change and every port it cleared.
      const revision = expectStatus(await api.get(`/revisions/${off.headers.get('x-spinel-revision')}`), 200);
      const portChanges = revision.changes.filter((ch: Json) => ch.kind === 'logical-port');
      expect(portChanges.map((ch: Json) => ch.id).sort()).toEqual([pod.id, fixed.id].sort());
      expect(portChanges.every((ch: Json) => ch.before.routeException === true && ch.after.routeException === false)).toBe(true);

      expectStatus(await api.patch(`/vpcs/${vpc.id}`, { routeSuppression: true }), 200);
      expect(await exceptions()).toEqual([pod.id, fixed.id].sort());
    });
  });
});
