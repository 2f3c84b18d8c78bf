import { aFabric, type ApiClient, type ApiResponse, expectStatus, type SeededFabric, SeededRandom } from '#testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController, type TestController } from './support/controller.harness.js';
import { intentState } from './support/intent-state.js';
import { revisionHead } from './support/problem.js';

type Json = Record<string, any>;

/**
 * Whatever sequence of writes follows revision N, rolling back to N gives back exactly the intent
 * of N (every list endpoint, the VNI reservations, the nodes' blocks), and rolling back the rollback
 * gives back the later state. Seeded: a failure reproduces from the seed in its name.
 */
describe('revision rollback: random histories', () => {
  let c: TestController;
  let net: SeededFabric;
  let db: DataSource;

  beforeAll(async () => {
    c = await startTestController();
    net = await aFabric().withLeaves(3).withBorderLeaves(1).create(c.api);
    db = c.running.app.get(DataSource);
  });
  afterAll(async () => {
    await c?.close();
  });

  const allocations = async () => ({
    vnis: await db.query('SELECT fabric_id, vni, owner_kind, owner_id FROM vni_allocations ORDER BY fabric_id, vni'),
    blocks: await db.query('SELECT container_node_id, logical_switch_id, vpc_id, cidr FROM ip_blocks ORDER BY container_node_id, cidr'),
  });
  const full = async () => ({ intent: await intentState(c.api), ...(await allocations()) });

  for (const seed of [7, 4242, 90210]) {
    it(`seed ${seed}: rollback to N restores N, the rollback of the rollback restores the later state`, async () => {
      const steps = new RandomWrites(c.api, net, new SeededRandom(seed));
      await steps.prime();
      await steps.run(12);
      const n = await revisionHead(c.api);
      const atN = await full();
      await steps.run(30);
      const laterHead = await revisionHead(c.api);
      const later = await full();

      const dry = expectStatus(await c.api.post(`/revisions/${n}/rollback?dryRun=true`), 200);
      expect(await full()).toEqual(later);
      const back = expectStatus(await c.api.post(`/revisions/${n}/rollback`), 200);
      // The real rollback also names its operation; the rest is what the dry run announced.
      expect(back.operationId).toEqual(expect.any(String));
      expect({ ...back, revision: 0, dryRun: true, operationId: undefined }).toEqual({ ...dry, revision: 0 });
      expect(await full(), steps.log.join('\n')).toEqual(atN);

      expectStatus(await c.api.post(`/revisions/${laterHead}/rollback`), 200);
      expect(await full(), steps.log.join('\n')).toEqual(later);

      // A history that contains rollbacks rolls back the same way.
      await steps.run(10);
      expectStatus(await c.api.post(`/revisions/${n}/rollback`), 200);
      expect(await full(), steps.log.join('\n')).toEqual(atN);
    });
  }
});

/** Names stay unique across the seeds, which share one controller. */
let seq = 0;
let primes = 0;

/** Random operator writes over the API; refusals (4xx) are part of the game, server errors are not. */
class RandomWrites {
  readonly log: string[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly net: SeededFabric,
    private readonly rnd: SeededRandom,
  ) {}

  /** A populated start, so that random steps find switches, ports and nodes (of both modes) to change. */
  async prime(): Promise<void> {
    const t = ++primes;
    const tenant = expectStatus(await this.api.post('/tenants', { name: `prime-${t}` }), 201);
    const vpc = (body: Json) => this.api.post('/vpcs', { tenantId: tenant.id, fabricId: this.net.fabric.id, cidrs: [`10.${t % 200}.0.0/16`], ...body });
    const bridged = expectStatus(await vpc({ name: 'bridged' }), 201);
    const routed = expectStatus(await vpc({ name: 'routed', attachmentMode: 'l3-route', routeSuppression: true, ipBlockPrefixLength: 28, l3Vni: 60000 + t }), 201);
    for (const [i, v] of [bridged, bridged, routed, routed].entries()) {
      const ls = expectStatus(await this.api.post('/logical-switches', { vpcId: v.id, name: `pls-${i}`, subnet: `10.${t % 200}.${i + 1}.0/24` }), 201);
      const mode = v.attachmentMode;
      const node = expectStatus(await this.api.post('/container-nodes', { fabricId: this.net.fabric.id, name: `pn-${t}-${i}`, leafDeviceId: this.leaf().id, leafInterface: `10GE1/0/${30 + i + 4 * (t % 4)}`, mode }), 201);
      for (let k = 0; k < 3; k++) expectStatus(await this.api.post('/logical-ports', { logicalSwitchId: ls.id, name: `pp-${i}-${k}`, binding: { kind: 'container-node', containerNodeId: node.id } }), 201);
    }
  }

  async run(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const op = this.rnd.pick(this.ops);
      const res = await op.call(this);
      if (res) {
        this.log.push(`${op.name} → ${res.status}`);
        expect(res.status, `${op.name}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      }
    }
  }

  private async list(path: string): Promise<Json[]> {
    return expectStatus(await this.api.get(`/${path}?limit=500`), 200).items;
  }

  private async any(path: string): Promise<Json | undefined> {
    const items = await this.list(path);
    return items.length ? this.rnd.pick(items) : undefined;
  }

  private leaf(): Json {
    return this.rnd.pick(this.net.leaves);
  }

  private readonly ops: ((this: RandomWrites) => Promise<ApiResponse | undefined>)[] = [
    async function createTenantVpc(this: RandomWrites) {
      const n = ++seq;
      const t = await this.api.post('/tenants', { name: `rt-${this.rnd.int(0, 1_000_000)}-${n}` });
      if (t.status !== 201) return t;
      const routed = this.rnd.chance(0.4) ? { attachmentMode: 'l3-route', routeSuppression: true, ipBlockPrefixLength: 28 } : {};
      return this.api.post('/vpcs', { tenantId: t.body.id, fabricId: this.net.fabric.id, name: `v${n}`, cidrs: [`10.${this.rnd.int(1, 3)}.0.0/16`], ...routed });
    },
    async function createSwitch(this: RandomWrites) {
      const vpc = await this.any('vpcs');
      if (!vpc) return undefined;
      const base = (vpc.cidrs[0] as string).split('.').slice(0, 2).join('.');
      const body: Json = { vpcId: vpc.id, name: `ls-${++seq}`, subnet: `${base}.${this.rnd.int(1, 8)}.0/24` };
      if (this.rnd.chance(0.2)) body.l2Vni = this.rnd.int(10_000, 10_012);
      return this.api.post('/logical-switches', body);
    },
    async function createPort(this: RandomWrites) {
      const ls = await this.any('logical-switches');
      if (!ls) return undefined;
      const body: Json = { logicalSwitchId: ls.id, name: `p-${++seq}` };
      if (this.rnd.chance(0.5)) body.binding = { kind: 'leaf-interface', deviceId: this.leaf().id, interfaceName: `10GE1/0/${this.rnd.int(1, 4)}` };
      if (this.rnd.chance(0.2)) body.ip = (ls.subnet as string).replace(/0\/24$/, String(this.rnd.int(2, 12)));
      return this.api.post('/logical-ports', body);
    },
    async function changePort(this: RandomWrites) {
      const p = await this.any('logical-ports');
      if (!p) return undefined;
      const body = this.rnd.pick<Json>([
        { labels: { tier: String(this.rnd.int(1, 3)) } },
        { binding: null },
        { binding: { kind: 'leaf-interface', deviceId: this.leaf().id, interfaceName: `10GE1/0/${this.rnd.int(1, 4)}` } },
        { name: `p-${++seq}` },
      ]);
      return this.api.patch(`/logical-ports/${p.id}`, body);
    },
    async function deletePort(this: RandomWrites) {
      const p = await this.any('logical-ports');
      return p && this.api.delete(`/logical-ports/${p.id}`);
    },
    async function changeSwitch(this: RandomWrites) {
      const ls = await this.any('logical-switches');
      if (!ls) return undefined;
      const body = this.rnd.pick<Json>([{ name: `ls-${++seq}` }, { arpSuppression: this.rnd.chance() }, { l2Vni: this.rnd.int(10_000, 10_012) }]);
      return this.api.patch(`/logical-switches/${ls.id}`, body);
    },
    async function deleteSwitch(this: RandomWrites) {
      const ls = await this.any('logical-switches');
      return ls && this.api.delete(`/logical-switches/${ls.id}?cascade=true`);
    },
    async function routeSwitches(this: RandomWrites) {
      const vpc = await this.any('vpcs');
      if (!vpc) return undefined;
      const mine = (await this.list('logical-switches')).filter((s) => s.vpcId === vpc.id && this.rnd.chance());
      const interfaces = mine.map((s) => ({ logicalSwitchId: s.id }));
      const existing = (await this.list('logical-routers')).find((r) => r.vpcId === vpc.id);
      return existing ? this.api.patch(`/logical-routers/${existing.id}`, { interfaces }) : this.api.post('/logical-routers', { vpcId: vpc.id, name: `r-${++seq}`, interfaces });
    },
    async function attachNode(this: RandomWrites) {
      const nodes = await this.list('container-nodes');
      if (nodes.length && this.rnd.chance(0.3)) {
        return this.api.patch(`/container-nodes/${this.rnd.pick(nodes).id}`, { leafDeviceId: this.leaf().id, leafInterface: `10GE1/0/${this.rnd.int(20, 25)}` });
      }
      const mode = this.rnd.pick(['l2-bridge', 'l3-route']);
      const body = { fabricId: this.net.fabric.id, name: `node-${++seq}`, leafDeviceId: this.leaf().id, leafInterface: `10GE1/0/${this.rnd.int(20, 25)}`, mode };
      return this.api.post('/container-nodes', body);
    },
    async function nodeBlocks(this: RandomWrites) {
      const node = await this.any('container-nodes');
      const ls = await this.any('logical-switches');
      if (!node || !ls) return undefined;
      const block = { logicalSwitchId: ls.id, cidr: (ls.subnet as string).replace(/0\/24$/, `${64 * this.rnd.int(0, 3)}/26`) };
      const ipBlocks = this.rnd.chance(0.2) ? [] : [...node.ipBlocks.filter((b: Json) => b.logicalSwitchId !== ls.id), block];
      return this.api.patch(`/container-nodes/${node.id}`, { ipBlocks });
    },
    async function bindToNode(this: RandomWrites) {
      const node = await this.any('container-nodes');
      const ls = await this.any('logical-switches');
      if (!node || !ls) return undefined;
      const binding = { kind: 'container-node', containerNodeId: node.id };
      const port = (await this.list('logical-ports')).find((p) => p.logicalSwitchId === ls.id);
      // A pod that moves keeps its IP: under route suppression it may become a /32 exception.
      if (port && this.rnd.chance(0.4)) return this.api.patch(`/logical-ports/${port.id}`, { binding });
      return this.api.post('/logical-ports', { logicalSwitchId: ls.id, name: `np-${++seq}`, binding });
    },
    async function interconnect(this: RandomWrites) {
      const routers = await this.list('logical-routers');
      if (routers.length < 2) return undefined;
      const [a, b] = this.rnd.shuffle(routers) as [Json, Json];
      return this.api.patch(`/logical-routers/${a.id}`, { interconnections: this.rnd.chance(0.7) ? [{ peerRouterId: b.id }] : [] });
    },
    async function infrastructure(this: RandomWrites) {
      const extra = (await this.list('devices')).filter((d) => d.name.startsWith('x-leaf-'));
      if (extra.length && this.rnd.chance(0.4)) return this.api.delete(`/devices/${this.rnd.pick(extra).id}?cascade=true`);
      const n = ++seq;
      const body = { fabricId: this.net.fabric.id, name: `x-leaf-${n}`, role: 'leaf', platform: 'ce-cli', managementHost: '127.0.0.1', username: 'admin', loopbackIp: `10.250.${n % 250}.${this.rnd.int(1, 250)}` };
      const d = await this.api.post('/devices', body);
      if (d.status !== 201) return d;
      return this.api.post('/links', { aDeviceId: d.body.id, aInterface: '100GE1/0/1', bDeviceId: (this.net.spines[0] as Json).id, bInterface: `100GE1/0/${n % 6 + 1}` });
    },
    async function deleteNode(this: RandomWrites) {
      const node = await this.any('container-nodes');
      return node && this.rnd.chance(0.3) ? this.api.delete(`/container-nodes/${node.id}?cascade=true`) : undefined;
    },
    async function policy(this: RandomWrites) {
      const vpc = await this.any('vpcs');
      if (!vpc) return undefined;
      const rules = [{ priority: this.rnd.int(1, 100), direction: 'ingress', protocol: 'tcp', ports: String(this.rnd.int(1, 1024)), action: 'allow' }];
      const existing = (await this.list('security-policies')).find((p) => p.vpcId === vpc.id);
      if (existing && this.rnd.chance(0.3)) return this.api.delete(`/security-policies/${existing.id}`);
      return existing ? this.api.patch(`/security-policies/${existing.id}`, { rules }) : this.api.post('/security-policies', { vpcId: vpc.id, name: `sp-${++seq}`, rules });
    },
    async function gateway(this: RandomWrites) {
      const vpc = await this.any('vpcs');
      const border = this.net.borderLeaves[0] as Json;
      if (!vpc) return undefined;
      const port = (await this.list('logical-ports')).find((p) => p.vpcId === vpc.id);
      const elasticIps = port ? [{ ip: `203.0.113.${this.rnd.int(1, 20)}`, portId: port.id }] : [];
      return this.api.post('/external-gateways', { vpcId: vpc.id, name: `gw-${++seq}`, borderLeafIds: [border.id], snatPool: [`198.51.100.${this.rnd.int(0, 7) * 8}/29`], elasticIps });
    },
    async function growOrDeleteVpc(this: RandomWrites) {
      const vpc = await this.any('vpcs');
      if (!vpc) return undefined;
      if (this.rnd.chance(0.15)) return this.api.delete(`/vpcs/${vpc.id}?cascade=true`);
      return this.api.patch(`/vpcs/${vpc.id}`, { cidrs: [...vpc.cidrs, `172.${this.rnd.int(16, 31)}.0.0/16`] });
    },
  ];
}
