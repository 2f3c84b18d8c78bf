import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFabric, type ApiClient, expectStatus, seed } from '#testing';
import { startTestController, type TestController } from './support/controller.harness.js';
import { expectRefused } from './support/refusal.assertions.js';

/** Gateways and ports take usable host addresses of their subnet, and nothing in a switch is shared. */
describe('address invariants (gateway IP, port IP, MAC)', () => {
  let c: TestController;
  let api: ApiClient;
  let vpcId: string;

  beforeAll(async () => {
    c = await startTestController();
    api = c.api;
    const { fabric } = await aFabric().withSpines(0).withLeaves(0).create(api);
    vpcId = (await seed.tenantVpc(api, fabric.id, { cidrs: ['10.1.0.0/16', '2001:db8::/48'] })).vpc.id;
  });
  afterAll(async () => {
    await c?.close();
  });

  let subnetSeq = 0;
  /** The first three octets of a fresh /24 of the shared VPC. */
  const nextNet = () => `10.1.${++subnetSeq}`;
  /** A logical switch on a fresh /24 (or on `net`) of the shared VPC. */
  const aSwitch = (body: Record<string, unknown> = {}, net = nextNet()) => seed.logicalSwitch(api, vpcId, { subnet: `${net}.0/24`, ...body });

  describe('gateway IP', () => {
    it.each([
      ['outside the subnet', '10.1.250.1', '10.1.249.0/24'],
      ['the network address', '10.1.249.0', '10.1.249.0/24'],
      ['the broadcast address', '10.1.249.255', '10.1.249.0/24'],
      ['of the other IP version', '2001:db8::1', '10.1.249.0/24'],
    ])('refuses a gateway %s with 422 on gatewayIp', async (_label, gatewayIp, subnet) => {
      await expectRefused(api, () => api.post('/logical-switches', { vpcId, name: 'gw', subnet, gatewayIp }), {
        status: 422,
        code: 'INVALID_VALUE',
        field: 'gatewayIp',
        detail: /not a usable host address/,
      });
    });

    it('refuses the same through PATCH, leaving the switch unchanged', async () => {
      const ls = await aSwitch();
      for (const gatewayIp of [ls.subnet.replace('.0/24', '.0'), ls.subnet.replace('.0/24', '.255'), '10.2.0.1']) {
        await expectRefused(api, () => api.patch(`/logical-switches/${ls.id}`, { gatewayIp }), {
          status: 422,
          code: 'INVALID_VALUE',
          field: 'gatewayIp',
          watch: [`/logical-switches/${ls.id}`],
        });
      }
    });

    it('refuses moving the gateway onto a port address with 409', async () => {
      const ls = await aSwitch();
      const port = await seed.port(api, ls.id);
      const problem = await expectRefused(api, () => api.patch(`/logical-switches/${ls.id}`, { gatewayIp: port.ip }), {
        status: 409,
        code: 'CONFLICT',
        field: 'gatewayIp',
        watch: [`/logical-switches/${ls.id}`],
      });
      expect(problem.conflictingId).toBe(port.id);
    });

    it('accepts the first and the last usable host', async () => {
      const [a, b] = [nextNet(), nextNet()];
      const first = await aSwitch({ gatewayIp: `${a}.1` }, a);
      const last = await aSwitch({ gatewayIp: `${b}.254` }, b);
      expect([first.gatewayIp, last.gatewayIp]).toEqual([`${a}.1`, `${b}.254`]);
    });
  });

  describe('port IP', () => {
    it.each([
      ['outside the subnet', (n: string) => n.replace(/\.\d+\.0$/, '.250.9')],
      ['the network address', (n: string) => n],
      ['the broadcast address', (n: string) => n.replace(/\.0$/, '.255')],
      ['of the other IP version', () => '2001:db8::9'],
    ])('refuses a fixed IP %s with 422 on ip', async (_label, ipOf) => {
      const ls = await aSwitch();
      const ip = ipOf(ls.subnet.replace('/24', ''));
      await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'p', ip }), {
        status: 422,
        code: 'INVALID_VALUE',
        field: 'ip',
      });
    });

    it('refuses the gateway address as a port IP with 409', async () => {
      const net = nextNet();
      const ls = await aSwitch({ gatewayIp: `${net}.254` }, net);
      await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'p', ip: ls.gatewayIp }), {
        status: 409,
        code: 'CONFLICT',
        field: 'ip',
        detail: /anycast gateway/,
      });
    });

    it('refuses a duplicate port IP in one switch with 409, on create and on PATCH', async () => {
      const ls = await aSwitch();
      const taken = await seed.port(api, ls.id, { ip: ls.subnet.replace('.0/24', '.10') });
      const other = await seed.port(api, ls.id);
      const problem = await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'dup', ip: taken.ip }), {
        status: 409,
        code: 'CONFLICT',
        field: 'ip',
      });
      expect(problem.conflictingId).toBe(taken.id);
      await expectRefused(api, () => api.patch(`/logical-ports/${other.id}`, { ip: taken.ip }), { status: 409, code: 'CONFLICT', field: 'ip', watch: [`/logical-ports/${other.id}`] });
      // Re-stating a port's own IP is not a clash, and an allocation skips the taken one.
      expect(expectStatus(await api.patch(`/logical-ports/${taken.id}`, { ip: taken.ip }), 200).ip).toBe(taken.ip);
    });

    it('compares IPv6 addresses in canonical form', async () => {
      const ls = await seed.logicalSwitch(api, vpcId, { subnet: '2001:db8:0:1::/64' });
      const port = await seed.port(api, ls.id, { ip: '2001:DB8:0:1:0:0:0:a' });
      expect(port.ip).toBe('2001:db8:0:1::a');
      await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'dup6', ip: '2001:db8:0:1::A' }), { status: 409, code: 'CONFLICT', field: 'ip' });
    });

    it('accepts the same IP on two different switches', async () => {
      const a = await seed.tenantVpc(api, (await aFabric().withSpines(0).withLeaves(0).create(api)).fabric.id);
      const one = await seed.logicalSwitch(api, a.vpc.id, { subnet: '10.1.1.0/24' });
      const b = await seed.tenantVpc(api, a.vpc.fabricId);
      const two = await seed.logicalSwitch(api, b.vpc.id, { subnet: '10.1.1.0/24' });
      const p1 = await seed.port(api, one.id, { ip: '10.1.1.20' });
      const p2 = await seed.port(api, two.id, { ip: '10.1.1.20' });
      expect([p1.ip, p2.ip]).toEqual(['10.1.1.20', '10.1.1.20']);
    });

    it('refuses an IP that is not an address with 400', async () => {
      const ls = await aSwitch();
      for (const ip of ['10.1.1.256', '010.1.1.1', '10.1.1', 'fe80::1%eth0']) {
        await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'p', ip }), { status: 400, code: 'VALIDATION_FAILED', field: 'ip' });
      }
    });
  });

  describe('MAC', () => {
    it('refuses a duplicate MAC in one switch with 409, whatever its spelling', async () => {
      const ls = await aSwitch();
      const taken = await seed.port(api, ls.id, { mac: '02:aa:bb:cc:dd:01' });
      const other = await seed.port(api, ls.id);
      for (const mac of ['02:aa:bb:cc:dd:01', '02-AA-BB-CC-DD-01', '02aa.bbcc.dd01']) {
        const problem = await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'dup', mac }), { status: 409, code: 'CONFLICT', field: 'mac' });
        expect(problem.conflictingId).toBe(taken.id);
      }
      await expectRefused(api, () => api.patch(`/logical-ports/${other.id}`, { mac: '02:AA:BB:CC:DD:01' }), { status: 409, code: 'CONFLICT', field: 'mac', watch: [`/logical-ports/${other.id}`] });
    });

    it.each([
      ['non-hex digits', 'zz:00:00:00:00:01', /not in a recognized format/],
      ['mixed separators', '02:00-00:00:00:01', /not in a recognized format/],
      ['too few octets', '02:00:00:00:01', /not in a recognized format/],
      ['a multicast address', '01:00:5e:00:00:01', /multicast/],
      ['the broadcast address', 'ff:ff:ff:ff:ff:ff', /broadcast/],
      ['the all-zero address', '00:00:00:00:00:00', /all-zero/],
    ])('refuses a port MAC with %s with 400', async (_label, mac, message) => {
      const ls = await aSwitch();
      const problem = await expectRefused(api, () => api.post('/logical-ports', { logicalSwitchId: ls.id, name: 'p', mac }), { status: 400, code: 'VALIDATION_FAILED', field: 'mac' });
      expect(problem.errors?.[0]?.message).toMatch(message);
    });

    it('refuses a multicast gateway MAC on a logical switch and on a fabric with 400', async () => {
      await expectRefused(api, () => api.post('/logical-switches', { vpcId, name: 'mcast', subnet: '10.1.240.0/24', gatewayMac: '01:00:5e:00:00:01' }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'gatewayMac',
      });
      await expectRefused(api, () => api.post('/fabrics', { name: 'mcast', asn: 65000, anycastGatewayMac: '33:33:00:00:00:01' }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'anycastGatewayMac',
      });
    });

    it('accepts the same MAC on two different switches', async () => {
      const a = await aSwitch();
      const b = await aSwitch();
      const p1 = await seed.port(api, a.id, { mac: '02:00:00:00:00:77' });
      const p2 = await seed.port(api, b.id, { mac: '02:00:00:00:00:77' });
      expect([p1.mac, p2.mac]).toEqual(['02:00:00:00:00:77', '02:00:00:00:00:77']);
    });
  });
});
