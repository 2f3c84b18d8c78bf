import type { BgpNeighborState, EvpnRoute, Facts, InterfaceCounters, InterfaceState, LldpNeighbor } from '../../driver/device-driver.js';
import { OPER_NS as NS, OperNode, nanosToDate } from './oper-reader.js';

/**
 * The `<get>` state layout of docs/operational-state.md read into the normalized getter types.
 * Each function takes the `<data>` of a `<get>` whose filter selected the containers it reads.
 */

/** The subtree filters the getters send: only what each one reads. */
export const OPER_FILTERS = {
  facts: `<system xmlns="${NS.system}"/><components xmlns="${NS.platform}"/><interfaces xmlns="${NS.interfaces}"/>`,
  interfaces: `<interfaces xmlns="${NS.interfaces}"/>`,
  bgp: `<system xmlns="${NS.system}"/><network-instances xmlns="${NS.networkInstance}"/>`,
  lldp: `<lldp xmlns="${NS.lldp}"/>`,
  evpn: `<evpn-state xmlns="${NS.spinel}"/>`,
} as const;

const SPEEDS_MBPS: Readonly<Record<string, number>> = {
  SPEED_10MB: 10,
  SPEED_100MB: 100,
  SPEED_1GB: 1_000,
  SPEED_2500MB: 2_500,
  SPEED_5GB: 5_000,
  SPEED_10GB: 10_000,
  SPEED_25GB: 25_000,
  SPEED_40GB: 40_000,
  SPEED_50GB: 50_000,
  SPEED_100GB: 100_000,
  SPEED_200GB: 200_000,
  SPEED_400GB: 400_000,
  SPEED_800GB: 800_000,
};

function container(data: OperNode, ns: string, name: string): OperNode {
  const found = data.top(ns, name);
  if (!found) throw data.bad(`/${name}`, `(namespace ${ns}) is missing from the <get> reply`);
  return found;
}

/** Interfaces ordered by ifIndex (the reply lists configured ones first), each with its `state`. */
function interfaceStates(data: OperNode): { node: OperNode; state: OperNode; name: string }[] {
  const interfaces = data.top(NS.interfaces, 'interfaces');
  if (!interfaces) return [];
  return interfaces
    .list('interface', 'name')
    .map((node) => {
      const state = node.need('state');
      return { node, state, name: node.string('name'), ifIndex: state.uint('ifindex') };
    })
    .sort((a, b) => a.ifIndex - b.ifIndex);
}

export function parseFacts(xml: string): Facts {
  const data = OperNode.data(xml);
  const systemState = container(data, NS.system, 'system').need('state');
  const components = container(data, NS.platform, 'components').list('component', 'name');
  const chassis = components.find((c) => c.string('name') === 'chassis') ?? components.find((c) => c.optional('state')?.optional('type')?.text().endsWith('CHASSIS'));
  if (!chassis) throw data.bad('/components/component', 'has no chassis component');
  const state = chassis.need('state');
  const boot = nanosToDate(systemState, 'boot-time');
  const now = new Date(systemState.string('current-datetime'));
  if (Number.isNaN(now.getTime())) throw data.bad('/system/state/current-datetime', `"${systemState.string('current-datetime')}" is not a date-time`);
  return {
    hostname: systemState.string('hostname'),
    vendor: state.string('mfg-name'),
    model: state.string('description'),
    osVersion: state.string('software-version'),
    serialNumber: state.string('serial-no'),
    uptimeSeconds: Math.max(0, Math.floor((now.getTime() - boot.getTime()) / 1000)),
    interfaces: interfaceStates(data).map((i) => i.name),
  };
}

export function parseInterfaces(xml: string): InterfaceState[] {
  return interfaceStates(OperNode.data(xml)).map(({ node, state, name }) => {
    const ethernet = node.optional('ethernet', NS.ethernet)?.optional('state', NS.ethernet);
    let speedMbps = 0;
    let macAddress = '';
    if (ethernet) {
      const speed = ethernet.optional('port-speed', NS.ethernet) ? ethernet.identity('port-speed', NS.ethernet) : undefined;
      if (speed !== undefined && speed !== 'SPEED_UNKNOWN') {
        const mbps = SPEEDS_MBPS[speed];
        if (mbps === undefined) throw ethernet.bad(`${ethernet.path}/port-speed`, `"${speed}" is not an OpenConfig ethernet speed`);
        speedMbps = mbps;
      }
      macAddress = ethernet.optionalString('mac-address', NS.ethernet)?.toLowerCase() ?? '';
      if (macAddress && !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(macAddress)) throw ethernet.bad(`${ethernet.path}/mac-address`, `"${macAddress}" is not a MAC address`);
    }
    return {
      name,
      description: state.optionalString('description') ?? '',
      adminUp: state.oneOf('admin-status', ['UP', 'DOWN', 'TESTING']) === 'UP',
      operUp: state.oneOf('oper-status', ['UP', 'DOWN', 'TESTING', 'UNKNOWN', 'DORMANT', 'NOT_PRESENT', 'LOWER_LAYER_DOWN']) === 'UP',
      mtu: state.uint('mtu', undefined, 65_535),
      speedMbps,
      macAddress,
    };
  });
}

export function parseInterfaceCounters(xml: string): InterfaceCounters[] {
  return interfaceStates(OperNode.data(xml)).map(({ state, name }) => {
    const c = state.need('counters');
    return {
      name,
      inOctets: c.counter64('in-octets'),
      outOctets: c.counter64('out-octets'),
      inPackets: c.counter64('in-unicast-pkts'),
      outPackets: c.counter64('out-unicast-pkts'),
      inErrors: c.counter64('in-errors'),
      outErrors: c.counter64('out-errors'),
    };
  });
}

const SESSION_STATES = ['IDLE', 'CONNECT', 'ACTIVE', 'OPENSENT', 'OPENCONFIRM', 'ESTABLISHED'] as const;

/** BGP sessions of every network instance; the default instance is reported as VRF `default`. */
export function parseBgpNeighbors(xml: string): BgpNeighborState[] {
  const data = OperNode.data(xml);
  const instances = data.top(NS.networkInstance, 'network-instances');
  if (!instances) return [];
  const systemState = data.top(NS.system, 'system')?.optional('state');
  const now = systemState?.optionalString('current-datetime');
  const nowMs = now === undefined ? Date.now() : new Date(now).getTime();
  const neighbors: BgpNeighborState[] = [];
  for (const instance of instances.list('network-instance', 'name')) {
    const name = instance.string('name');
    const vrf = name.toLowerCase() === 'default' ? 'default' : name;
    const protocols = instance.optional('protocols')?.list('protocol', 'identifier') ?? [];
    for (const protocol of protocols) {
      if (!protocol.string('identifier').endsWith('BGP')) continue;
      const bgp = protocol.optional('bgp');
      if (!bgp) continue;
      for (const neighbor of bgp.optional('neighbors')?.list('neighbor', 'neighbor-address') ?? []) {
        neighbors.push(readSession(neighbor.need('state'), vrf, neighbor.string('neighbor-address'), undefined, nowMs));
      }
      const unnumbered = bgp.optional('interface-neighbors', NS.spinel);
      for (const neighbor of unnumbered?.list('interface-neighbor', 'interface', NS.spinel) ?? []) {
        neighbors.push(readSession(neighbor.need('state', NS.spinel), vrf, neighbor.string('interface', NS.spinel), NS.spinel, nowMs));
      }
    }
  }
  return neighbors;
}

function readSession(state: OperNode, vrf: string, peer: string, ns: string | undefined, nowMs: number): BgpNeighborState {
  const sessionState = state.oneOf('session-state', SESSION_STATES, ns).toLowerCase() as BgpNeighborState['state'];
  let uptimeSeconds = 0;
  if (sessionState === 'established') {
    const since = nanosToDate(state, 'last-established', ns);
    uptimeSeconds = Math.max(0, Math.floor((nowMs - since.getTime()) / 1000));
  }
  return {
    vrf,
    peer,
    remoteAs: state.optionalUint('peer-as', ns) ?? null,
    state: sessionState,
    uptimeSeconds,
    prefixesReceived: state.uint('prefixes-received', ns),
  };
}

export function parseLldpNeighbors(xml: string): LldpNeighbor[] {
  const lldp = OperNode.data(xml).top(NS.lldp, 'lldp');
  const neighbors: LldpNeighbor[] = [];
  for (const intf of lldp?.optional('interfaces')?.list('interface', 'name') ?? []) {
    for (const neighbor of intf.optional('neighbors')?.list('neighbor', 'id') ?? []) {
      const state = neighbor.need('state');
      neighbors.push({ localInterface: intf.string('name'), remoteSystem: state.string('system-name'), remoteInterface: state.string('port-id') });
    }
  }
  return neighbors;
}

export function parseEvpnRoutes(xml: string): EvpnRoute[] {
  const evpn = OperNode.data(xml).top(NS.spinel, 'evpn-state');
  return (evpn?.optional('routes')?.list('route', 'prefix') ?? []).map((route) => {
    const type = route.uint('type', undefined, 255);
    if (type !== 2 && type !== 3 && type !== 5) throw route.bad(`${route.path}/type`, `${type} is not an EVPN route type this driver reports (2, 3 or 5)`);
    return {
      type,
      routeDistinguisher: route.string('route-distinguisher'),
      prefix: route.string('prefix'),
      vni: route.uint('vni', undefined, 16_777_215),
      nextHop: route.string('next-hop'),
    };
  });
}
