import { CE_NETCONF_NAMESPACES } from '#dialects';
import { XmlElement } from '#drivers';
import { type ConfigNode, readEditTree, writeTree } from '../device/config-tree.js';
import type { SwitchConfigStore } from '../device/switch-config-store.js';
import type { BgpSession } from './bgp-session.js';
import { SOFTWARE_VERSION, VENDOR, chassisModel, speedIdentity } from './chassis.js';
import type { EmulatedInterface } from './operational-view.js';
import { DEFAULT_VRF } from './route-origination.js';
import { applySubtreeFilter } from './subtree-filter.js';
import type { SwitchOperations } from './switch-operations.js';

const NS = {
  ...CE_NETCONF_NAMESPACES,
  ethernet: 'http://openconfig.net/yang/interfaces/ethernet',
  platform: 'http://openconfig.net/yang/platform',
  platformTypes: 'http://openconfig.net/yang/platform-types',
  lldp: 'http://openconfig.net/yang/lldp',
  ianaIfType: 'urn:ietf:params:xml:ns:yang:iana-if-type',
};

const c = (ns: string, name: string, ...children: (ConfigNode | undefined)[]): ConfigNode => ({ ns, name, children: children.filter((x): x is ConfigNode => x !== undefined) });
const l = (ns: string, name: string, value: string | number | bigint | boolean): ConfigNode => ({ ns, name, value: String(value), children: [] });
const identity = (ns: string, name: string, valueNs: string, valuePrefix: string, value: string): ConfigNode => ({ ns, name, value, valueNs, valuePrefix, children: [] });
/** OpenConfig timestamps: nanoseconds since the epoch. */
const nanos = (d: Date | number): string => (BigInt(typeof d === 'number' ? d : d.getTime()) * 1_000_000n).toString();
const child = (node: ConfigNode, name: string): ConfigNode | undefined => node.children.find((x) => x.name === name);

/**
 * The `<get>` answer: the running configuration with OpenConfig `state` containers beside its
 * `config` containers, plus the state-only trees (platform, LLDP, EVPN routes and VXLAN tunnels),
 * then the subtree filter applied to the combined tree.
 */
export function operationalData(store: SwitchConfigStore, oper: SwitchOperations, filter?: XmlElement): string {
  const root = readEditTree(XmlElement.parseDocument(store.toData('running'))) as ConfigNode;
  const tree = root.children;
  const system = tree.find((n) => n.name === 'system' && n.ns === NS.system);
  if (system) system.children.push(systemState(oper));
  const interfaces = tree.find((n) => n.name === 'interfaces' && n.ns === NS.interfaces) ?? pushed(tree, c(NS.interfaces, 'interfaces'));
  addInterfaceState(interfaces, oper.interfaces());
  const instances = tree.find((n) => n.name === 'network-instances' && n.ns === NS.networkInstance);
  if (instances) addBgpState(instances, oper.bgpSessions());
  tree.push(platform(oper), lldp(oper), evpnState(oper));
  return writeTree('data', filter ? applySubtreeFilter(tree, filter) : tree);
}

function pushed(tree: ConfigNode[], node: ConfigNode): ConfigNode {
  tree.push(node);
  return node;
}

function systemState(oper: SwitchOperations): ConfigNode {
  const s = oper.system();
  return c(NS.system, 'state', l(NS.system, 'hostname', s.name), l(NS.system, 'boot-time', nanos(s.bootTime)), l(NS.system, 'current-datetime', new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')));
}

function platform(oper: SwitchOperations): ConfigNode {
  const f = oper.facts();
  const p = (name: string, value: string) => l(NS.platform, name, value);
  return c(
    NS.platform,
    'components',
    c(
      NS.platform,
      'component',
      p('name', 'chassis'),
      c(NS.platform, 'state', p('name', 'chassis'), identity(NS.platform, 'type', NS.platformTypes, 'oc-platform-types', 'CHASSIS'), p('mfg-name', VENDOR), p('description', chassisModel(oper.role)), p('serial-no', f.serialNumber), p('software-version', SOFTWARE_VERSION)),
    ),
  );
}

const IF_TYPES: Record<EmulatedInterface['kind'], string> = { ethernet: 'ethernetCsmacd', loopback: 'softwareLoopback', nve: 'other', vbdif: 'other' };

function interfaceState(i: EmulatedInterface): ConfigNode {
  const x = (name: string, value: string | number | bigint | boolean) => l(NS.interfaces, name, value);
  return c(
    NS.interfaces,
    'state',
    x('name', i.name),
    identity(NS.interfaces, 'type', NS.ianaIfType, 'ianaift', IF_TYPES[i.kind]),
    x('mtu', i.mtu),
    x('description', i.description),
    x('enabled', i.adminUp),
    x('ifindex', i.ifIndex),
    x('admin-status', i.adminUp ? 'UP' : 'DOWN'),
    x('oper-status', i.operUp ? 'UP' : 'DOWN'),
    x('last-change', nanos(i.lastChange)),
    c(
      NS.interfaces,
      'counters',
      x('in-octets', i.counters.inOctets),
      x('in-unicast-pkts', i.counters.inPackets),
      x('in-errors', i.counters.inErrors),
      x('out-octets', i.counters.outOctets),
      x('out-unicast-pkts', i.counters.outPackets),
      x('out-errors', i.counters.outErrors),
    ),
  );
}

function addInterfaceState(interfaces: ConfigNode, states: EmulatedInterface[]): void {
  const entries = new Map(interfaces.children.filter((n) => n.name === 'interface').map((n) => [child(n, 'name')?.value, n]));
  for (const i of states) {
    const entry = entries.get(i.name) ?? pushed(interfaces.children, c(NS.interfaces, 'interface', l(NS.interfaces, 'name', i.name)));
    entry.children.push(interfaceState(i));
    if (i.kind === 'ethernet') {
      const speed = identity(NS.ethernet, 'port-speed', NS.ethernet, 'oc-eth', speedIdentity(i.speedMbps));
      entry.children.push(c(NS.ethernet, 'ethernet', c(NS.ethernet, 'state', l(NS.ethernet, 'mac-address', i.macAddress), speed)));
    }
  }
}

/** State of each configured neighbour, in its network instance: `neighbor` by address, `spx:interface-neighbor` by interface. */
function addBgpState(instances: ConfigNode, sessions: BgpSession[]): void {
  for (const ni of instances.children) {
    const config = child(ni, 'config');
    const vrf = config && child(config, 'type')?.value === 'DEFAULT_INSTANCE' ? DEFAULT_VRF : child(ni, 'name')?.value;
    for (const protocol of child(ni, 'protocols')?.children ?? []) {
      const bgp = child(protocol, 'bgp');
      if (!bgp) continue;
      for (const n of child(bgp, 'neighbors')?.children ?? []) {
        const s = sessions.find((x) => x.vrf === vrf && x.peer === child(n, 'neighbor-address')?.value);
        if (s) n.children.push(sessionState(NS.networkInstance, 'neighbor-address', s));
      }
      for (const n of bgp.children.find((x) => x.name === 'interface-neighbors' && x.ns === NS.spinel)?.children ?? []) {
        const s = sessions.find((x) => x.vrf === vrf && x.peer === child(n, 'interface')?.value);
        if (s) n.children.push(sessionState(NS.spinel, 'interface', s));
      }
    }
  }
}

function sessionState(ns: string, keyLeaf: string, s: BgpSession): ConfigNode {
  return c(
    ns,
    'state',
    l(ns, keyLeaf, s.peer),
    s.remoteAs !== null ? l(ns, 'peer-as', s.remoteAs) : undefined,
    l(ns, 'session-state', s.state.toUpperCase()),
    s.lastEstablished !== undefined ? l(ns, 'last-established', nanos(s.lastEstablished)) : undefined,
    l(ns, 'established-transitions', s.establishedTransitions),
    l(ns, 'prefixes-received', s.adjIn.size),
  );
}

function lldp(oper: SwitchOperations): ConfigNode {
  const x = (name: string, value: string) => l(NS.lldp, name, value);
  const entries = oper.lldpNeighbors().map((n) => {
    const id = `${n.remoteSystem}|${n.remoteInterface}`;
    const neighbor = c(NS.lldp, 'neighbor', x('id', id), c(NS.lldp, 'state', x('id', id), x('system-name', n.remoteSystem), x('port-id', n.remoteInterface)));
    return c(NS.lldp, 'interface', x('name', n.localInterface), c(NS.lldp, 'neighbors', neighbor));
  });
  return c(NS.lldp, 'lldp', c(NS.lldp, 'interfaces', ...entries));
}

function evpnState(oper: SwitchOperations): ConfigNode {
  const x = (name: string, value: string | number) => l(NS.spinel, name, value);
  const routes = oper.evpnRoutes().map((r) => c(NS.spinel, 'route', x('type', r.type), x('route-distinguisher', r.routeDistinguisher), x('prefix', r.prefix), x('vni', r.vni), x('next-hop', r.nextHop)));
  const tunnels = oper
    .vxlanTunnels()
    .map((t) => c(NS.spinel, 'tunnel', x('source', t.source), x('destination', t.destination), x('state', t.state), ...t.vnis.map((v) => x('vni', v)), x('up-since', nanos(t.upSince))));
  return c(NS.spinel, 'evpn-state', c(NS.spinel, 'routes', ...routes), c(NS.spinel, 'vxlan-tunnels', ...tunnels));
}
