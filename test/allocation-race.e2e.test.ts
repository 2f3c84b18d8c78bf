import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFabric, expectStatus, seed } from '#testing';
import { startTestController, type TestController } from './support/controller.harness.js';

/**
 * Parallel creates race for the same pools. Under CI this runs against the real PostgreSQL server
 * (DATABASE_URL), where the requests really run on separate connections at the same time.
 */
describe('concurrent allocation', () => {
  let c: TestController;
  beforeAll(async () => {
    c = await startTestController();
  });
  afterAll(async () => {
    await c?.close();
  });

  it('runs on the real PostgreSQL under CI', () => {
    if (process.env.CI) expect(c.db.kind).toBe('postgres');
    else expect(['postgres', 'embedded']).toContain(c.db.kind);
  });

  it('never hands the same VNI to two parallel creates, across VPCs and logical switches', async () => {
    const { fabric } = await aFabric().withSpines(0).withLeaves(0).create(c.api);
    const tenant = await seed.tenant(c.api);
    const vpcs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => c.api.post('/vpcs', { tenantId: tenant.id, fabricId: fabric.id, name: `race-${i}`, cidrs: [`10.${i}.0.0/16`] })),
    );
    const created = vpcs.map((r) => expectStatus(r, 201));
    const switches = await Promise.all(created.map((v, i) => c.api.post('/logical-switches', { vpcId: v.id, name: 'ls', subnet: `10.${i}.1.0/24` })));
    const vnis = [...created.map((v) => v.l3Vni), ...switches.map((r) => expectStatus(r, 201).l2Vni)];
    expect(new Set(vnis).size).toBe(24);
    expect(Math.min(...vnis)).toBe(10000);
    expect(Math.max(...vnis)).toBe(10023); // lowest-free allocation leaves no holes
  });

  it('never hands the same IP, MAC or per-node block to two parallel port creates', async () => {
    const { fabric, leaves } = await aFabric().withSpines(0).withLeaves(1).create(c.api);
    const tenant = await seed.tenant(c.api);
    const vpc = await seed.vpc(c.api, fabric.id, tenant.id, { attachmentMode: 'l3-route', routeSuppression: true, ipBlockPrefixLength: 28 });
    const ls = await seed.logicalSwitch(c.api, vpc.id, { subnet: '10.1.1.0/24' });
    const nodes = [
      await seed.node(c.api, fabric.id, (leaves[0] as { id: string }).id, { mode: 'l3-route' }),
      await seed.node(c.api, fabric.id, (leaves[0] as { id: string }).id, { mode: 'l3-route' }),
    ];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        c.api.post('/logical-ports', { logicalSwitchId: ls.id, name: `pod-${i}`, binding: { kind: 'container-node', containerNodeId: (nodes[i % 2] as { id: string }).id } }),
      ),
    );
    const ports = results.map((r) => expectStatus(r, 201));
    expect(new Set(ports.map((p) => p.ip)).size).toBe(40);
    expect(new Set(ports.map((p) => p.mac)).size).toBe(40);
    expect(ports.every((p) => p.routeException === false)).toBe(true);

    const views = await Promise.all(nodes.map(async (n) => expectStatus(await c.api.get(`/container-nodes/${n.id}`), 200)));
    const blocks = views.flatMap((v) => v.ipBlocks.map((b: { cidr: string }) => b.cidr));
    expect(new Set(blocks).size).toBe(blocks.length); // no block handed to two nodes
    for (const [i, view] of views.entries()) {
      const mine = ports.filter((_, k) => k % 2 === i);
      // Each node's pods sit inside that node's own /28 blocks (20 pods → two blocks each).
      expect(view.ipBlocks.length).toBe(2);
      for (const p of mine) expect(view.ipBlocks.some((b: { cidr: string }) => inside(p.ip, b.cidr))).toBe(true);
    }
  });
});

function inside(ip: string, cidr: string): boolean {
  const [net, len] = cidr.split('/') as [string, string];
  const n = (a: string) => a.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(len));
  return n(ip) >= n(net) && n(ip) < n(net) + size;
}
