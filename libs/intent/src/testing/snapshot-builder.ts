import type {
  FabricSnapshot,
  SnapshotContainerNode,
  SnapshotDevice,
  SnapshotLogicalSwitch,
  SnapshotPort,
  SnapshotSecurityPolicy,
  SnapshotVpc,
} from '../snapshot.js';

/**
 * Builds fabric snapshots in memory with deterministic ids, for golden files, property tests and
 * benchmarks: `aSnapshot().spines(2).leaves(4)…build()`. Addresses follow simple, readable plans
 * (loopbacks 10.255.0.x, VNIs from 10000, RD/RT `<fabric ASN>:<VNI>`).
 */
export class SnapshotBuilder {
  private seq = 0;
  private vni = 10000;
  readonly s: FabricSnapshot;

  constructor(opts: { underlay?: 'ebgp' | 'ibgp'; asn?: number; name?: string } = {}) {
    this.s = {
      revision: 1,
      fabric: { id: this.id(), name: opts.name ?? 'dc1', asn: opts.asn ?? 65000, underlayProtocol: opts.underlay ?? 'ebgp', anycastGatewayMac: '00:00:5e:00:01:01' },
      devices: [],
      links: [],
      vpcs: [],
      logicalSwitches: [],
      logicalRouters: [],
      ports: [],
      securityPolicies: [],
      containerNodes: [],
      ipBlocks: [],
      externalGateways: [],
    };
  }

  id(): string {
    this.seq += 1;
    return `00000000-0000-4000-8000-${this.seq.toString(16).padStart(12, '0')}`;
  }

  device(role: SnapshotDevice['role'], name: string, n: number): SnapshotDevice {
    const ibgp = this.s.fabric.underlayProtocol === 'ibgp';
    const asn = role === 'spine' || ibgp ? this.s.fabric.asn : 4_200_000_000 + n;
    const loopbackIp = `10.255.${Math.floor(n / 250)}.${(n % 250) + 1}`;
    const d: SnapshotDevice = { id: this.id(), name, role, platform: 'ce-netconf', asn, loopbackIp, vtepIp: role === 'spine' ? null : loopbackIp };
    this.s.devices.push(d);
    return d;
  }

  /** A full mesh between spines and leaves: leaf i port 49+j ↔ spine j port i. */
  clos(spines: number, leaves: number, borderLeaves = 0): { spines: SnapshotDevice[]; leaves: SnapshotDevice[]; borderLeaves: SnapshotDevice[] } {
    const sp = Array.from({ length: spines }, (_, i) => this.device('spine', `spine-${i + 1}`, i));
    const lf = Array.from({ length: leaves }, (_, i) => this.device('leaf', `leaf-${i + 1}`, 100 + i));
    const bl = Array.from({ length: borderLeaves }, (_, i) => this.device('border-leaf', `border-${i + 1}`, 200 + i));
    for (const [i, leaf] of [...lf, ...bl].entries()) {
      for (const [j, spine] of sp.entries()) {
        this.s.links.push({ id: this.id(), aDeviceId: spine.id, aInterface: `10GE1/0/${i + 1}`, bDeviceId: leaf.id, bInterface: `100GE1/0/${j + 1}` });
      }
    }
    return { spines: sp, leaves: lf, borderLeaves: bl };
  }

  vpc(name: string, cidr: string, opts: Partial<SnapshotVpc> = {}): SnapshotVpc {
    const l3Vni = this.vni++;
    const rt = `${this.s.fabric.asn}:${l3Vni}`;
    const v: SnapshotVpc = {
      id: this.id(),
      name,
      vrfName: name,
      l3Vni,
      routeDistinguisher: rt,
      importRouteTargets: [rt],
      exportRouteTargets: [rt],
      cidrs: [cidr],
      attachmentMode: 'l2-bridge',
      routeSuppression: false,
      ipBlockPrefixLength: 26,
      ...opts,
    };
    this.s.vpcs.push(v);
    return v;
  }

  logicalSwitch(vpc: SnapshotVpc, name: string, subnet: string): SnapshotLogicalSwitch {
    const l2Vni = this.vni++;
    const rt = `${this.s.fabric.asn}:${l2Vni}`;
    const gatewayIp = subnet.replace(/\.0\/\d+$/, '.1');
    const ls: SnapshotLogicalSwitch = {
      id: this.id(),
      vpcId: vpc.id,
      name,
      l2Vni,
      subnet,
      gatewayIp,
      gatewayMac: this.s.fabric.anycastGatewayMac,
      arpSuppression: true,
      routeDistinguisher: rt,
      importRouteTargets: [rt],
      exportRouteTargets: [rt],
    };
    this.s.logicalSwitches.push(ls);
    return ls;
  }

  node(name: string, leaf: SnapshotDevice, iface: string, mode: SnapshotContainerNode['mode'], asn: number | null = null): SnapshotContainerNode {
    const n: SnapshotContainerNode = { id: this.id(), name, leafDeviceId: leaf.id, leafInterface: iface, mode, asn: mode === 'l3-route' ? (asn ?? 4_201_000_000 + this.s.containerNodes.length) : null, peerIp: null };
    this.s.containerNodes.push(n);
    return n;
  }

  block(node: SnapshotContainerNode, ls: SnapshotLogicalSwitch, cidr: string): void {
    this.s.ipBlocks.push({ containerNodeId: node.id, logicalSwitchId: ls.id, vpcId: ls.vpcId, cidr });
  }

  port(ls: SnapshotLogicalSwitch, name: string, ip: string, at: { node: SnapshotContainerNode; vlan?: number } | { leaf: SnapshotDevice; iface: string; vlan: number }, labels: Record<string, string> = {}): SnapshotPort {
    const n = this.s.ports.length + 1;
    const mac = `02:00:00:${((n >> 16) & 255).toString(16).padStart(2, '0')}:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;
    const binding =
      'node' in at
        ? { bindingKind: 'container-node' as const, deviceId: null, interfaceName: null, vlan: at.node.mode === 'l2-bridge' ? (at.vlan ?? 100) : null, containerNodeId: at.node.id }
        : { bindingKind: 'leaf-interface' as const, deviceId: at.leaf.id, interfaceName: at.iface, vlan: at.vlan, containerNodeId: null };
    const p: SnapshotPort = { id: this.id(), vpcId: ls.vpcId, logicalSwitchId: ls.id, name, ip, mac, ...binding, labels };
    this.s.ports.push(p);
    return p;
  }

  router(vpc: SnapshotVpc, opts: { switches?: SnapshotLogicalSwitch[]; staticRoutes?: { prefix: string; nextHop: string }[]; peers?: string[] } = {}): string {
    const id = this.id();
    this.s.logicalRouters.push({
      id,
      vpcId: vpc.id,
      name: `${vpc.name}-router`,
      interfaces: (opts.switches ?? []).map((s) => ({ logicalSwitchId: s.id })),
      staticRoutes: opts.staticRoutes ?? [],
      interconnections: (opts.peers ?? []).map((peerRouterId) => ({ peerRouterId })),
    });
    return id;
  }

  policy(vpc: SnapshotVpc, name: string, appliesTo: Record<string, string>, rules: SnapshotSecurityPolicy['rules'], defaultAction: 'allow' | 'deny' = 'deny'): void {
    this.s.securityPolicies.push({ id: this.id(), vpcId: vpc.id, name, appliesTo, rules, defaultAction });
  }

  externalGateway(vpc: SnapshotVpc, borderLeaves: SnapshotDevice[], snatPool: string[], eips: { ip: string; port: SnapshotPort }[] = []): void {
    this.s.externalGateways.push({
      id: this.id(),
      vpcId: vpc.id,
      name: `${vpc.name}-internet`,
      borderLeafIds: borderLeaves.map((b) => b.id),
      snatPool,
      elasticIps: eips.map((e) => ({ ip: e.ip, portId: e.port.id })),
    });
  }

  build(): FabricSnapshot {
    return structuredClone(this.s);
  }
}

export const aSnapshot = (opts?: ConstructorParameters<typeof SnapshotBuilder>[0]) => new SnapshotBuilder(opts);
