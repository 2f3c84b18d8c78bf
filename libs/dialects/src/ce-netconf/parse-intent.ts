import { canonicalize, type DeviceIntent } from '#intent';
import type { ParseContext } from '../dialect.js';
import { DEFAULT_INSTANCE, AFI, INSTANCE_TYPE, PROTOCOL } from './names.js';
import { NS } from './namespaces.js';
import { parseAcls } from './parse-acl.js';
import { globalAfiSafi, needBgp, parseNeighbors, protocolOf } from './parse-bgp.js';
import { parseBridgeDomain } from './parse-bridge-domain.js';
import { parseInterfaces } from './parse-interfaces.js';
import { parseDeviceExtension, parseNat } from './parse-spinel-ext.js';
import { parseVrf } from './parse-vrf.js';
import { intentTrees } from './render-intent.js';
import { assertSameManagedConfig } from './tree-compare.js';
import { Cursor } from './tree-cursor.js';
import { V } from './value-parsers.js';
import { readConfigXml } from './xml-reader.js';

/**
 * A `<config>` or `<data>` document back to the canonical DeviceIntent. Strict: values are checked
 * as they are read, then the intent is rendered again and the managed subtrees must match it node
 * for node, so an element Spinel does not manage, or one that contradicts the rest, is an error
 * naming its path rather than silently dropped drift.
 */
export function parseIntent(text: string, context: ParseContext): DeviceIntent {
  const document = readConfigXml(text);
  const root = Cursor.root(document);
  const system = root.need('system', NS.system).need('config');
  const hostname = system.child('hostname') ?? system.fail('missing leaf hostname');
  if (hostname.node.value !== context.device) hostname.fail(`hostname ${JSON.stringify(hostname.node.value)} is not the device's name ${JSON.stringify(context.device)}`);

  const interfaces = parseInterfaces(root);
  const instances = root.list('network-instances', 'network-instance', NS.networkInstance);
  const ofType = (type: string) => instances.filter((n) => n.need('config').needText('type') === type);
  for (const n of instances) {
    const type = n.need('config').needText('type');
    if (!Object.values(INSTANCE_TYPE).includes(type as never)) n.need('config').child('type')!.fail(`network-instance type ${type} is not one Spinel configures`);
  }
  const defaults = ofType(INSTANCE_TYPE.default);
  if (defaults.length !== 1) (defaults[1] ?? root).fail(`expected one ${INSTANCE_TYPE.default} network instance named ${DEFAULT_INSTANCE}, found ${defaults.length}`);
  const defaultInstance = defaults[0]!;
  const bgp = needBgp(defaultInstance);
  const bgpGlobal = bgp.need('global').need('config');
  const advertiseAllVni = globalAfiSafi(bgp, AFI.l2vpnEvpn)?.child('l2vpn-evpn')?.child('config', NS.spinel)?.parse('advertise-all-vni', V.bool, NS.spinel);

  const vrfs = ofType(INSTANCE_TYPE.l3vrf).map(parseVrf);
  const vrfOfIrb = new Map<string, string>();
  for (const { vrf, irbs } of vrfs) for (const irb of irbs) vrfOfIrb.set(irb, vrf.name);

  const intent = canonicalize({
    device: context.device,
    role: context.role,
    routerId: defaultInstance.need('config').needParse('router-id', V.ipv4),
    ...parseDeviceExtension(root),
    underlay: { protocol: protocolOf(defaultInstance, PROTOCOL.ospf) ? 'ibgp' : 'ebgp' },
    interfaces: interfaces.interfaces,
    bgp: {
      asn: bgpGlobal.needParse('as', V.asn),
      routerId: bgpGlobal.needParse('router-id', V.ipv4),
      neighbors: parseNeighbors(bgp),
      ...(advertiseAllVni ? { advertiseAllVni: true as const } : {}),
      networks: globalAfiSafi(bgp, AFI.ipv4Unicast)?.child('ipv4-unicast')?.parseValues('network', V.ipv4Prefix, NS.spinel) ?? [],
    },
    vrfs: vrfs.map((v) => v.vrf),
    bridgeDomains: ofType(INSTANCE_TYPE.l2vsi).map((n) => parseBridgeDomain(n, interfaces, vrfOfIrb)),
    acls: parseAcls(root),
    nat: parseNat(root),
  });
  assertSameManagedConfig(document, intentTrees(intent));
  return intent;
}
