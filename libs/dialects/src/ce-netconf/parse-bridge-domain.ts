import type { BridgeDomainIntent } from '#intent';
import { irbInterfaceName } from './names.js';
import type { ParsedInterfaces } from './parse-interfaces.js';
import { parseEvpnInstance, parseRouteTargets } from './parse-evpn-instance.js';
import type { Cursor } from './tree-cursor.js';
import { V } from './value-parsers.js';

/**
 * An L2VSI network instance as a bridge domain. Its gateway is split across the document the way
 * OpenConfig splits it: the address on the IRB interface, the anycast MAC in the MAC-VRF's FDB;
 * its VRF is the L3VRF instance the IRB is bound to (`vrfOfIrb`).
 */
export function parseBridgeDomain(instance: Cursor, interfaces: ParsedInterfaces, vrfOfIrb: ReadonlyMap<string, string>): BridgeDomainIntent {
  const config = instance.need('config');
  const { evi, vni, config: eviConfig } = parseEvpnInstance(instance);
  const id = evi.needParse('evi', V.uint('bridge-domain id', 1, 16_777_215));
  const irb = irbInterfaceName(id);
  const fdb = instance.need('fdb');
  const mac = fdb.child('config')?.parse('anycast-gateway-mac', V.mac);
  const address = interfaces.irbs.get(irb);
  if (address && !mac) fdb.fail(`IRB ${irb} has an anycast gateway address but the FDB has no anycast-gateway-mac`);
  if (mac && !address) fdb.child('config')!.child('anycast-gateway-mac')!.fail(`anycast-gateway-mac without a gateway address on ${irb}`);
  const vrf = vrfOfIrb.get(irb);
  const attachments = instance
    .list('interfaces', 'interface')
    .map((x) => x.need('config'))
    .filter((c) => c.text('interface') !== irb)
    .map((c) => ({ interface: c.needParse('interface', V.nonEmpty('interface')), vlan: c.needParse('subinterface', V.vlan) }));
  return {
    id,
    l2Vni: vni,
    description: config.text('description') ?? '',
    routeDistinguisher: eviConfig.needParse('route-distinguisher', V.routeDistinguisher),
    ...parseRouteTargets(evi),
    arpSuppression: fdb.need('arp-proxy').need('config').needParse('arp-suppression', V.bool),
    ...(vrf ? { vrf } : {}),
    ...(address && mac ? { gateway: { ip: address.ip, prefixLength: address.prefixLength, mac } } : {}),
    attachments,
  };
}
