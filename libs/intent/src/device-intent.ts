/**
 * The vendor-neutral configuration one switch must run: what `compile` produces, what every dialect
 * renders, and what a dialect's parser gives back from a running config — so a diff compares like
 * with like. Every list is sorted by its key (see `canonicalize`) and every optional part is
 * omitted rather than empty, so two equal intents serialize byte-identically.
 */
export type DeviceRole = 'spine' | 'leaf' | 'border-leaf' | 'vswitch';

export interface DeviceIntent {
  /** Device name (also the hostname / sysname). */
  device: string;
  role: DeviceRole;
  /** Loopback address: router ID, BGP source and (on leaves) the VTEP. */
  routerId: string;
  /** The device's AS number; always equal to `bgp.asn` (one BGP instance per device). */
  asn: number;
  /** Leaves only: the NVE/VTEP source IPv4 address (VXLAN UDP port 4789). */
  vtepSource?: string;
  /** Underlay routing of the fabric links. */
  underlay: UnderlayIntent;
  /** Physical interfaces the controller configures, by name. */
  interfaces: InterfaceIntent[];
  /** Global BGP: fabric sessions and the EVPN address family. */
  bgp: BgpIntent;
  /** Tenant VRFs (one per VPC present on the device), by name. */
  vrfs: VrfIntent[];
  /** Bridge domains (one per logical switch present on the device), by L2 VNI. */
  bridgeDomains: BridgeDomainIntent[];
  /** ACLs compiled from security policies, by name. */
  acls: AclIntent[];
  /** Border leaves: NAT towards the outside per VRF, by VRF. */
  nat: NatIntent[];
}

export interface UnderlayIntent {
  /**
   * `ebgp`: RFC 7938 — eBGP unnumbered on every fabric link (IPv6 link-local next hops), spines in
   * the fabric ASN, each leaf its own; EVPN rides the same sessions.
   * `ibgp`: OSPF area 0 unnumbered on the links for loopback reachability, iBGP EVPN sessions from
   * each leaf's loopback to every spine, spines as route reflectors.
   */
  protocol: 'ebgp' | 'ibgp';
}

export interface InterfaceIntent {
  name: string;
  description: string;
  /** `fabric`: a link to another switch; `access`: towards servers or container nodes. */
  role: 'fabric' | 'access';
  mtu: number;
}

export type AddressFamily = 'ipv4-unicast' | 'l2vpn-evpn';

export interface BgpNeighborIntent {
  /** An interface name (unnumbered session) or an IP address. */
  peer: string;
  /** A number, or `external` / `internal` for unnumbered sessions whose peer AS is learned. */
  remoteAs: number | 'external' | 'internal';
  description: string;
  addressFamilies: AddressFamily[];
  /** iBGP on spines: the peer is a route-reflector client. */
  routeReflectorClient?: true;
  /** iBGP: source the session from the loopback. */
  updateSource?: string;
}

export interface BgpIntent {
  asn: number;
  routerId: string;
  neighbors: BgpNeighborIntent[];
  /** Leaves: advertise every local VNI into EVPN (type-2/type-3 routes). */
  advertiseAllVni?: true;
  /** Underlay: the loopback is announced in IPv4 unicast. */
  networks: string[];
}

export interface StaticRouteIntent {
  prefix: string;
  nextHop: string;
}

export interface AggregateIntent {
  prefix: string;
  /** Suppress the more specific routes (`summary-only` / `detail-suppressed`). */
  summaryOnly: boolean;
}

export interface VrfIntent {
  name: string;
  l3Vni: number;
  routeDistinguisher: string;
  importRouteTargets: string[];
  exportRouteTargets: string[];
  staticRoutes: StaticRouteIntent[];
  /** BGP peers inside the VRF: container-node vswitches in l3-route mode (leaves), the leaf (vswitch). */
  neighbors: BgpNeighborIntent[];
  /** Prefixes originated into the VRF: pod /32s, per-node block aggregates and /32 exceptions (vswitch). */
  networks: string[];
  aggregates: AggregateIntent[];
  /** Advertise the VRF's IPv4 routes into EVPN as type-5 routes. */
  advertiseIpv4Unicast: boolean;
  /** Border leaves: a default route towards the outside. */
  defaultRouteToExternal?: true;
}

export interface BridgeDomainAttachment {
  interface: string;
  vlan: number;
}

export interface BridgeDomainIntent {
  /** Bridge-domain number (equals the L2 VNI: unique per fabric and stable). */
  id: number;
  l2Vni: number;
  /** The logical switch's name, for the description. */
  description: string;
  routeDistinguisher: string;
  importRouteTargets: string[];
  exportRouteTargets: string[];
  arpSuppression: boolean;
  /** The VRF its anycast gateway routes into (absent: pure L2); must name an entry of `vrfs`. */
  vrf?: string;
  /** Distributed anycast gateway: same IP and MAC on every leaf that carries the bridge domain. */
  gateway?: { ip: string; prefixLength: number; mac: string };
  /** Leaf interfaces + VLANs mapped into the bridge domain. */
  attachments: BridgeDomainAttachment[];
}

export interface AclRuleIntent {
  /** Rule number: order of evaluation. */
  sequence: number;
  action: 'permit' | 'deny';
  protocol: 'any' | 'tcp' | 'udp' | 'icmp';
  /** `any` or a CIDR; a rule matches one address family. */
  source: string;
  destination: string;
  /** Destination port or range (`443`, `8000-8080`), tcp/udp only. */
  destinationPort?: string;
}

export interface AclIntent {
  name: string;
  rules: AclRuleIntent[];
  /** Where it is applied: the bridge domain of each port it covers, per direction. */
  bindings: { bridgeDomain: number; direction: 'inbound' | 'outbound' }[];
}

export interface NatIntent {
  vrf: string;
  /** Source NAT for egress from the VRF's CIDRs to these pools. */
  snatPools: string[];
  /** Static one-to-one NAT: public address ↔ pod address. */
  staticNat: { public: string; private: string }[];
}
