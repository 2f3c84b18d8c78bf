/**
 * Everything `compile` may read: a plain-data picture of one fabric's intent at one revision. The
 * controller loads it from the database; tests and benchmarks build it directly. No ids are
 * resolved lazily and nothing else is consulted, so compile is a pure function of this value.
 */
export interface FabricSnapshot {
  revision: number;
  fabric: {
    id: string;
    name: string;
    asn: number;
    underlayProtocol: 'ebgp' | 'ibgp';
    anycastGatewayMac: string;
  };
  devices: SnapshotDevice[];
  links: SnapshotLink[];
  vpcs: SnapshotVpc[];
  logicalSwitches: SnapshotLogicalSwitch[];
  logicalRouters: SnapshotLogicalRouter[];
  ports: SnapshotPort[];
  securityPolicies: SnapshotSecurityPolicy[];
  containerNodes: SnapshotContainerNode[];
  ipBlocks: SnapshotIpBlock[];
  externalGateways: SnapshotExternalGateway[];
}

export interface SnapshotDevice {
  id: string;
  name: string;
  role: 'spine' | 'leaf' | 'border-leaf' | 'vswitch';
  platform: string;
  asn: number;
  loopbackIp: string;
  vtepIp: string | null;
}

export interface SnapshotLink {
  id: string;
  aDeviceId: string;
  aInterface: string;
  bDeviceId: string;
  bInterface: string;
}

export interface SnapshotVpc {
  id: string;
  name: string;
  vrfName: string;
  l3Vni: number;
  routeDistinguisher: string;
  importRouteTargets: string[];
  exportRouteTargets: string[];
  cidrs: string[];
  attachmentMode: 'l2-bridge' | 'l3-route';
  routeSuppression: boolean;
  ipBlockPrefixLength: number;
}

export interface SnapshotLogicalSwitch {
  id: string;
  vpcId: string;
  name: string;
  l2Vni: number;
  subnet: string;
  gatewayIp: string;
  gatewayMac: string;
  arpSuppression: boolean;
  routeDistinguisher: string;
  importRouteTargets: string[];
  exportRouteTargets: string[];
}

export interface SnapshotLogicalRouter {
  id: string;
  vpcId: string;
  name: string;
  interfaces: { logicalSwitchId: string }[];
  staticRoutes: { prefix: string; nextHop: string }[];
  interconnections: { peerRouterId: string }[];
}

export interface SnapshotPort {
  id: string;
  vpcId: string;
  logicalSwitchId: string;
  name: string;
  ip: string;
  mac: string;
  bindingKind: 'leaf-interface' | 'container-node' | null;
  deviceId: string | null;
  interfaceName: string | null;
  vlan: number | null;
  containerNodeId: string | null;
  labels: Record<string, string>;
}

export interface SnapshotSecurityPolicy {
  id: string;
  vpcId: string;
  name: string;
  appliesTo: Record<string, string>;
  rules: {
    priority: number;
    direction: 'ingress' | 'egress';
    protocol: 'any' | 'tcp' | 'udp' | 'icmp';
    ports?: string;
    cidr?: string;
    peerSelector?: Record<string, string>;
    action: 'allow' | 'deny';
  }[];
  defaultAction: 'allow' | 'deny';
}

export interface SnapshotContainerNode {
  id: string;
  name: string;
  leafDeviceId: string;
  leafInterface: string;
  mode: 'l2-bridge' | 'l3-route';
  asn: number | null;
  peerIp: string | null;
}

export interface SnapshotIpBlock {
  containerNodeId: string;
  logicalSwitchId: string;
  vpcId: string;
  cidr: string;
}

export interface SnapshotExternalGateway {
  id: string;
  vpcId: string;
  name: string;
  borderLeafIds: string[];
  snatPool: string[];
  elasticIps: { ip: string; portId: string }[];
}
