import { InvalidValueError } from '#domain';
import type { AclIntent, AclRuleIntent } from '#intent';
import { NS } from './namespaces.js';
import { ACTION_IDENTITY, PROTOCOL_IDENTITY } from './render-acl.js';
import type { Cursor } from './tree-cursor.js';
import { V } from './value-parsers.js';

const PROTOCOL_OF = new Map(Object.entries(PROTOCOL_IDENTITY).map(([p, id]) => [id, p as AclRuleIntent['protocol']]));
const ACTION_OF = new Map(Object.entries(ACTION_IDENTITY).map(([a, id]) => [id, a as AclRuleIntent['action']]));
const ACL_TYPES = new Set(['oc-acl:ACL_IPV4', 'oc-acl:ACL_IPV6', 'oc-acl:ACL_MIXED']);

/** `/acl`: the sets and their bridge-domain binding points. */
export function parseAcls(root: Cursor): AclIntent[] {
  const acl = root.child('acl', NS.acl);
  if (!acl) return [];
  const byName = new Map<string, AclIntent>();
  for (const set of acl.list('acl-sets', 'acl-set')) {
    const name = set.needParse('name', V.nonEmpty('ACL name'));
    const type = set.needText('type');
    if (!ACL_TYPES.has(type)) set.child('type')!.fail(`ACL type ${type} is not one Spinel configures`);
    if (byName.has(name)) set.fail(`a second ACL named ${name}`);
    byName.set(name, { name, rules: set.list('acl-entries', 'acl-entry').map(rule), bindings: [] });
  }
  for (const point of acl.list('interfaces', 'interface')) {
    const bridgeDomain = point.need('config').needParse('bridge-domain', V.uint('bridge-domain id', 1, 16_777_215), NS.spinel);
    for (const [list, entry, direction] of [
      ['ingress-acl-sets', 'ingress-acl-set', 'inbound'],
      ['egress-acl-sets', 'egress-acl-set', 'outbound'],
    ] as const) {
      for (const ref of point.list(list, entry)) {
        const target = byName.get(ref.needText('set-name')) ?? ref.child('set-name')!.fail('no ACL set with this name');
        target.bindings.push({ bridgeDomain, direction });
      }
    }
  }
  return [...byName.values()];
}

function rule(entry: Cursor): AclRuleIntent {
  const sequence = entry.needParse('sequence-id', V.uint('sequence id', 1, 4_294_967_295));
  const v4 = entry.child('ipv4')?.need('config');
  const v6 = entry.child('ipv6')?.need('config');
  if (v4 && v6) entry.child('ipv6')!.fail('an entry matches one address family');
  const ip = v4 ?? v6;
  const prefix = v4 ? V.ipv4Prefix : V.ipv6Prefix;
  const protocolId = ip?.text('protocol');
  const protocol = protocolId === undefined ? 'any' : (PROTOCOL_OF.get(protocolId) ?? ip!.child('protocol')!.fail(`protocol ${protocolId} is not one Spinel matches on`));
  const port = entry.child('transport')?.need('config').parse('destination-port', portRange);
  const actionId = entry.need('actions').need('config').needText('forwarding-action');
  const action = ACTION_OF.get(actionId) ?? entry.need('actions').need('config').child('forwarding-action')!.fail(`forwarding action ${actionId} is not one Spinel uses`);
  return {
    sequence,
    action,
    protocol,
    source: ip?.parse('source-address', prefix) ?? 'any',
    destination: ip?.parse('destination-address', prefix) ?? 'any',
    ...(port ? { destinationPort: port } : {}),
  };
}

/** openconfig's `443` or `8000..8080` as DeviceIntent writes it: `443`, `8000-8080`. */
function portRange(raw: string): string {
  const m = /^(\d{1,5})(?:\.\.(\d{1,5}))?$/.exec(raw);
  const [lo, hi] = m ? [Number(m[1]), m[2] === undefined ? undefined : Number(m[2])] : [NaN, undefined];
  if (!m || lo > 65535 || (hi !== undefined && (hi > 65535 || hi < lo))) throw new InvalidValueError(`port ${JSON.stringify(raw)} is not a port number or a range low..high within 0..65535`);
  return hi === undefined ? raw : `${m[1]}-${m[2]}`;
}
