import { compareInterfaceNames, type DeviceIntent } from '#intent';
import { LOOPBACK, irbInterfaceName } from './names.js';
import { NS } from './namespaces.js';
import { ns, type YNode } from './yang-tree.js';

const oc = ns(NS.interfaces);
const ip = ns(NS.ip);
const vlan = ns(NS.vlan);

interface InterfaceParts {
  config?: YNode;
  subinterfaces: Map<number, YNode[]>;
}

/**
 * `/interfaces` (openconfig-interfaces, -if-ip, -vlan): the physical interfaces of the intent; the
 * loopback (router ID, VTEP); each bridge domain's IRB interface `Vbdif<bd>` carrying the anycast
 * gateway address; and one dot1q subinterface per bridge-domain attachment (index = VLAN).
 * Fabric links get subinterface 0 for the underlay: IPv6 link-local for eBGP unnumbered, IPv4
 * unnumbered to the loopback for OSPF.
 */
export function renderInterfaces(i: DeviceIntent): YNode | undefined {
  const all = new Map<string, InterfaceParts>();
  const get = (name: string) => all.get(name) ?? all.set(name, { subinterfaces: new Map() }).get(name)!;
  const addSub = (iface: string, index: number, ...content: (YNode | undefined)[]) => {
    const subs = get(iface).subinterfaces;
    subs.set(index, [...(subs.get(index) ?? []), ...content.filter((c): c is YNode => !!c)]);
  };

  for (const x of i.interfaces) {
    get(x.name).config = interfaceConfig(x.name, 'ianaift:ethernetCsmacd', x.mtu, x.description);
    if (x.role === 'fabric') addSub(x.name, 0, underlaySubinterface(i.underlay.protocol));
  }

  get(LOOPBACK).config = interfaceConfig(LOOPBACK, 'ianaift:softwareLoopback');
  const loopbackAddresses = [...new Set([i.routerId, ...(i.vtepSource ? [i.vtepSource] : [])])];
  addSub(LOOPBACK, 0, ip.c('ipv4', ip.c('addresses', loopbackAddresses.map((a) => address(a, 32)))));

  for (const bd of i.bridgeDomains) {
    for (const a of bd.attachments) addSub(a.interface, a.vlan, vlan.c('vlan', vlan.c('match', vlan.c('single-tagged', vlan.c('config', vlan.l('vlan-id', a.vlan))))));
    if (!bd.vrf && !bd.gateway) continue;
    const irb = irbInterfaceName(bd.id);
    get(irb).config = interfaceConfig(irb, 'ianaift:l3ipvlan');
    const gw = bd.gateway;
    addSub(irb, 0, gw && ip.c(gw.ip.includes(':') ? 'ipv6' : 'ipv4', ip.c('addresses', address(gw.ip, gw.prefixLength))));
  }

  const names = [...all.keys()].sort(compareInterfaceNames);
  return oc.c(
    'interfaces',
    names.map((name) => {
      const parts = all.get(name)!;
      const subs = [...parts.subinterfaces.entries()].sort(([a], [b]) => a - b);
      return oc.entry(
        'interface',
        [oc.l('name', name)!],
        parts.config,
        oc.c(
          'subinterfaces',
          subs.map(([index, content]) => oc.entry('subinterface', [oc.l('index', index)!], oc.c('config', oc.l('index', index)), content)),
        ),
      );
    }),
  );
}

function interfaceConfig(name: string, type: string, mtu?: number, description?: string): YNode | undefined {
  return oc.c('config', oc.l('name', name), oc.l('type', type), oc.l('mtu', mtu), oc.l('description', description || undefined), oc.l('enabled', true));
}

function underlaySubinterface(protocol: DeviceIntent['underlay']['protocol']): YNode | undefined {
  if (protocol === 'ebgp') return ip.c('ipv6', ip.c('config', ip.l('enabled', true)));
  return ip.c(
    'ipv4',
    ip.c('unnumbered', ip.c('config', ip.l('enabled', true)), ip.c('interface-ref', ip.c('config', ip.l('interface', LOOPBACK), ip.l('subinterface', 0)))),
  );
}

const address = (a: string, prefixLength: number): YNode => ip.entry('address', [ip.l('ip', a)!], ip.c('config', ip.l('ip', a), ip.l('prefix-length', prefixLength)));
