import type { AclRuleIntent, AggregateIntent, BgpNeighborIntent, BridgeDomainIntent, InterfaceIntent, StaticRouteIntent, VrfIntent } from '#intent';
import type { ConfigNode } from './config-tree.js';

/** A peer as its lines define it; `node` is its first line, for errors about it. */
export interface PeerDraft {
  node: ConfigNode;
  defined?: Omit<BgpNeighborIntent, 'addressFamilies'>;
  addressFamilies: Set<BgpNeighborIntent['addressFamilies'][number]>;
  attributes: { node: ConfigNode; apply: (n: BgpNeighborIntent) => void }[];
}

/** The `ipv4-family vpn-instance <vrf>` part of a VRF, read from the BGP view. */
export interface VpnFamilyDraft {
  node: ConfigNode;
  networks: string[];
  aggregates: AggregateIntent[];
  advertise: boolean;
  peers: Map<string, PeerDraft>;
}

export interface VbdifDraft {
  node: ConfigNode;
  vrf?: string;
  address?: { ip: string; prefixLength: number };
  mac?: string;
}

/** Everything read so far; references between views are resolved once the whole text is read. */
export interface Draft {
  sysname?: ConfigNode;
  routerId?: string;
  vtepSource?: string;
  ospf?: ConfigNode;
  interfaces: InterfaceIntent[];
  bgp?: { node: ConfigNode; asn: number; routerId?: string; advertiseAllVni: boolean; networks: string[]; peers: Map<string, PeerDraft> };
  vrfs: Map<string, { node: ConfigNode; vrf: Omit<VrfIntent, 'staticRoutes' | 'neighbors' | 'networks' | 'aggregates' | 'advertiseIpv4Unicast'> }>;
  vpnFamilies: Map<string, VpnFamilyDraft>;
  /** `ipv6-family vpn-instance <vrf>`: IPv6 networks and aggregates only (sessions are IPv4). */
  vpnFamilies6: Map<string, VpnFamilyDraft>;
  staticRoutes: { node: ConfigNode; vrf: string; route: StaticRouteIntent }[];
  defaultRoutes: Map<string, ConfigNode>;
  bridgeDomains: Map<number, { node: ConfigNode; bd: Omit<BridgeDomainIntent, 'vrf' | 'gateway' | 'attachments'> }>;
  vbdifs: Map<number, VbdifDraft>;
  attachments: { node: ConfigNode; interface: string; vlan: number; bridgeDomain: number }[];
  /** `acl name …` and its IPv6 twin `acl ipv6 name …`, merged by rule number when assembling. */
  acls: Map<string, { node: ConfigNode; rules: { node: ConfigNode; rule: AclRuleIntent }[] }>;
  acls6: Map<string, { node: ConfigNode; rules: { node: ConfigNode; rule: AclRuleIntent }[] }>;
  aclBindings: { node: ConfigNode; acl: string; bridgeDomain: number; direction: 'inbound' | 'outbound' }[];
  nat: Map<string, { node: ConfigNode; pools: string[]; statics: { public: string; private: string }[] }>;
}

export const emptyDraft = (): Draft => ({
  interfaces: [],
  vrfs: new Map(),
  vpnFamilies: new Map(),
  vpnFamilies6: new Map(),
  staticRoutes: [],
  defaultRoutes: new Map(),
  bridgeDomains: new Map(),
  vbdifs: new Map(),
  attachments: [],
  acls: new Map(),
  acls6: new Map(),
  aclBindings: [],
  nat: new Map(),
});
