/**
 * The names this dialect gives to what DeviceIntent leaves implicit: the loopback, the IRB interface
 * and MAC-VRF instance of a bridge domain, protocol instances. Render writes them and parse
 * recognizes them, so they live in one place.
 */
export const DEFAULT_INSTANCE = 'DEFAULT';
/** Router ID, BGP update source and VTEP address live here (Huawei CE spelling). */
export const LOOPBACK = 'LoopBack0';
export const BGP_PROTOCOL = 'BGP';
export const STATIC_PROTOCOL = 'STATIC';
export const AGGREGATE_PROTOCOL = 'AGGREGATE';
export const OSPF_PROTOCOL = 'UNDERLAY';
export const OSPF_BACKBONE = '0.0.0.0';
export const VXLAN_UDP_PORT = 4789;

/** Huawei CE names a bridge domain's layer-3 interface `Vbdif<bd>`. */
export const irbInterfaceName = (bridgeDomain: number): string => `Vbdif${bridgeDomain}`;
/** The MAC-VRF network instance of a bridge domain, and the ACL binding point of its ports. */
export const bridgeDomainInstanceName = (bridgeDomain: number): string => `BD${bridgeDomain}`;
/** OpenConfig's convention for a subinterface reference id: `<interface>.<index>`. */
export const subinterfaceId = (iface: string, index: number): string => `${iface}.${index}`;

export const AFI = { ipv4Unicast: 'oc-bgp-types:IPV4_UNICAST', l2vpnEvpn: 'oc-bgp-types:L2VPN_EVPN' } as const;
export const PROTOCOL = {
  bgp: 'oc-pol-types:BGP',
  static: 'oc-pol-types:STATIC',
  localAggregate: 'oc-pol-types:LOCAL_AGGREGATE',
  ospf: 'oc-pol-types:OSPF',
} as const;
export const INSTANCE_TYPE = {
  default: 'oc-ni-types:DEFAULT_INSTANCE',
  l3vrf: 'oc-ni-types:L3VRF',
  l2vsi: 'oc-ni-types:L2VSI',
} as const;
