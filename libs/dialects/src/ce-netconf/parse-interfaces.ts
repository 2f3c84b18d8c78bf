import type { InterfaceIntent } from '#intent';
import { NS } from './namespaces.js';
import type { Cursor } from './tree-cursor.js';
import { V } from './value-parsers.js';

export interface ParsedInterfaces {
  interfaces: InterfaceIntent[];
  /** IRB interfaces by name, with the anycast gateway address if one is configured. */
  irbs: Map<string, { ip: string; prefixLength: number } | undefined>;
}

/**
 * Reads `/interfaces`. Ethernet interfaces are the intent's interfaces (fabric when they carry the
 * underlay subinterface 0, access otherwise); `l3ipvlan` ones are bridge-domain IRBs; the loopback
 * and the attachment subinterfaces are implied by other parts of the intent and checked when the
 * parsed intent is rendered back and compared.
 */
export function parseInterfaces(root: Cursor): ParsedInterfaces {
  const out: ParsedInterfaces = { interfaces: [], irbs: new Map() };
  for (const x of root.list('interfaces', 'interface', NS.interfaces)) {
    const name = x.needParse('name', V.nonEmpty('interface name'));
    const config = x.child('config');
    if (!config) continue; // only holds bridge-domain attachment subinterfaces
    const type = config.needText('type');
    const subs = x.list('subinterfaces', 'subinterface');
    const sub0 = subs.find((s) => s.text('index') === '0');
    if (type === 'ianaift:ethernetCsmacd') {
      out.interfaces.push({
        name,
        description: config.text('description') ?? '',
        role: sub0 ? 'fabric' : 'access',
        mtu: config.needParse('mtu', V.uint('MTU', 68, 65535)),
      });
    } else if (type === 'ianaift:l3ipvlan') {
      const addresses = ['ipv4', 'ipv6'].flatMap((family) => sub0?.child(family, NS.ip)?.list('addresses', 'address') ?? []);
      if (addresses.length > 1) addresses[1]!.fail('an IRB carries one anycast gateway address');
      const a = addresses[0];
      const config = a?.need('config');
      out.irbs.set(name, a && config && { ip: a.needParse('ip', V.ip), prefixLength: config.needParse('prefix-length', V.uint('prefix length', 0, 128)) });
    } else if (type !== 'ianaift:softwareLoopback') {
      config.child('type')!.fail(`interface type ${type} is not one Spinel configures`);
    }
  }
  return out;
}
