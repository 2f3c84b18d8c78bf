import type { BridgeDomainAttachment } from '#intent';
import type { IntentChange } from '../intent-diff.js';
import type { ScopePattern, ScopeStep } from './edit-diff.js';
import { AFI, DEFAULT_INSTANCE, LOOPBACK, PROTOCOL, bridgeDomainInstanceName, irbInterfaceName, subinterfaceId } from './names.js';
import { NS } from './namespaces.js';

const step = (name: string, keys?: Record<string, string>, ns?: string): ScopeStep => ({ name, ...(keys ? { keys } : {}), ...(ns ? { ns } : {}) });

const iface = (name?: string): ScopeStep[] => [step('interfaces', undefined, NS.interfaces), step('interface', name === undefined ? undefined : { name })];
const instance = (name?: string): ScopeStep[] => [step('network-instances', undefined, NS.networkInstance), step('network-instance', name === undefined ? undefined : { name })];
const protocol = (inst: string | undefined, identifier: string): ScopeStep[] => [...instance(inst), step('protocols'), step('protocol', { identifier })];
const defaultBgp = (): ScopeStep[] => [...protocol(DEFAULT_INSTANCE, PROTOCOL.bgp), step('bgp')];
const acl = (): ScopeStep[] => [step('acl', undefined, NS.acl)];

/**
 * Where in the document each kind of intent change lands: the entries it owns, and the
 * configuration derived from it elsewhere (a bridge domain's IRB interface and its binding in the
 * VRF, an attachment's subinterface, the OSPF interface of a fabric link). The edit for a change set
 * is the difference of the two rendered documents inside these subtrees only.
 */
export function scopeOf(c: IntentChange): ScopePattern[] {
  const key = c.parent ?? c.key;
  switch (c.section) {
    case 'device':
      return [
        [step('system', undefined, NS.system)],
        [step('device', undefined, NS.spinel)],
        iface(LOOPBACK),
        [...iface(), step('subinterfaces'), step('subinterface', { index: '0' })],
        [...instance(DEFAULT_INSTANCE), step('config')],
        protocol(DEFAULT_INSTANCE, PROTOCOL.ospf),
        [...defaultBgp(), step('global'), step('afi-safis')],
      ];
    case 'interface':
      return [iface(c.key), protocol(DEFAULT_INSTANCE, PROTOCOL.ospf)];
    case 'bgp':
      return [
        [...protocol(undefined, PROTOCOL.bgp), step('config')],
        [...protocol(undefined, PROTOCOL.bgp), step('bgp'), step('global')],
      ];
    case 'bgp-neighbor':
      return [
        [...defaultBgp(), step('neighbors'), step('neighbor', { 'neighbor-address': c.key })],
        [...defaultBgp(), step('interface-neighbors', undefined, NS.spinel), step('interface-neighbor', { interface: c.key }, NS.spinel)],
      ];
    case 'bgp-network':
      return [[...defaultBgp(), step('global'), step('afi-safis'), step('afi-safi', { 'afi-safi-name': AFI.ipv4Unicast }), step('ipv4-unicast')]];
    case 'vrf':
    case 'vrf-route-target':
    case 'vrf-static-route':
    case 'vrf-neighbor':
    case 'vrf-network':
    case 'vrf-aggregate':
      return [instance(key)];
    case 'bridge-domain':
    case 'bd-route-target': {
      const irb = irbInterfaceName(Number(key));
      return [instance(bridgeDomainInstanceName(Number(key))), iface(irb), [...instance(), step('interfaces'), step('interface', { id: irb })]];
    }
    case 'bd-attachment': {
      const a = (c.before ?? c.after) as BridgeDomainAttachment;
      const id = subinterfaceId(a.interface, a.vlan);
      // The whole interface entry: it exists only for its subinterfaces when the intent does not
      // configure the interface itself, and must go with the last of them.
      return [[...instance(bridgeDomainInstanceName(Number(key))), step('interfaces'), step('interface', { id })], iface(a.interface)];
    }
    case 'acl':
    case 'acl-rule':
      // A rule can change the set's type (IPv4 → mixed), which is part of every binding's key.
      return [[...acl(), step('acl-sets'), step('acl-set', { name: key })], [...acl(), step('interfaces')]];
    case 'acl-binding': {
      const bd = c.key.slice(0, c.key.indexOf('/'));
      return [[...acl(), step('interfaces'), step('interface', { id: bridgeDomainInstanceName(Number(bd)) })]];
    }
    case 'nat':
    case 'nat-snat-pool':
    case 'nat-static':
      return [[step('nat', undefined, NS.spinel), step('instances', undefined, NS.spinel), step('instance', { vrf: key }, NS.spinel)]];
  }
}
