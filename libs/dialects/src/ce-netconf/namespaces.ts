/**
 * XML namespaces of the YANG modules the ce-netconf dialect writes, and the prefixes it declares for
 * identity values (`oc-ni-types:L3VRF`). Element namespaces change where a module augments another
 * (openconfig-if-ip under a subinterface); identity prefixes are declared once on `<config>`.
 */
export const NS = {
  netconf: 'urn:ietf:params:xml:ns:netconf:base:1.0',
  system: 'http://openconfig.net/yang/system',
  interfaces: 'http://openconfig.net/yang/interfaces',
  ip: 'http://openconfig.net/yang/interfaces/ip',
  vlan: 'http://openconfig.net/yang/vlan',
  networkInstance: 'http://openconfig.net/yang/network-instance',
  acl: 'http://openconfig.net/yang/acl',
  /** Spinel's extension module: everything OpenConfig has no node for (see README.md). */
  spinel: 'urn:spinel:yang:spinel-ext',
} as const;

export const SPINEL_PREFIX = 'spx';

/** Identity modules, by the prefix written in values. Order is the order of declaration on `<config>`. */
export const IDENTITY_PREFIXES: Readonly<Record<string, string>> = {
  ianaift: 'urn:ietf:params:xml:ns:yang:iana-if-type',
  'oc-types': 'http://openconfig.net/yang/openconfig-types',
  'oc-ni-types': 'http://openconfig.net/yang/network-instance-types',
  'oc-pol-types': 'http://openconfig.net/yang/policy-types',
  'oc-bgp-types': 'http://openconfig.net/yang/bgp-types',
  'oc-ospf-types': 'http://openconfig.net/yang/ospf-types',
  'oc-evpn-types': 'http://openconfig.net/yang/evpn-types',
  'oc-acl': NS.acl,
  'oc-pkt-match-types': 'http://openconfig.net/yang/packet-match-types',
};

const PREFIX_OF_NAMESPACE = new Map(Object.entries(IDENTITY_PREFIXES).map(([prefix, ns]) => [ns, prefix]));

/** The canonical prefix this dialect uses for an identity namespace, if it knows the module. */
export function identityPrefixFor(namespace: string): string | undefined {
  return PREFIX_OF_NAMESPACE.get(namespace);
}

/**
 * Leaves whose values are YANG identityrefs in the modules used here. Their prefixes are resolved
 * against the document's own declarations when reading, so `x:L3VRF` with `xmlns:x` bound to the
 * network-instance-types module reads as `oc-ni-types:L3VRF`.
 */
export const IDENTITYREF_LEAVES: ReadonlySet<string> = new Set([
  'type',
  'identifier',
  'afi-safi-name',
  'encapsulation-type',
  'service-type',
  'network-type',
  'protocol',
  'forwarding-action',
  'src-protocol',
  'dst-protocol',
  'address-family',
]);
