import type { EvpnRoute } from '../../driver/device-driver.js';
import { colonMac, columns, displayLines, malformed, type DisplayLine } from './display-output.js';

const COMMAND = 'display bgp evpn all routing-table';
const SECTIONS: Record<string, EvpnRoute['type']> = { 'Mac Routes': 2, 'Inclusive Multicast Routes': 3, 'Ip Prefix Routes': 5 };

/**
 * `display bgp evpn all routing-table`: sections `Number of Mac Routes|Inclusive Multicast
 * Routes|Ip Prefix Routes: N`, each with `Route Distinguisher: <rd>` groups of rows
 * `<status> <network> <next hop> <vni>`. What comes before the first section is a preamble.
 */
export function parseEvpnRoutingTable(output: string): EvpnRoute[] {
  const routes: EvpnRoute[] = [];
  let type: EvpnRoute['type'] | undefined;
  let rd: string | undefined;
  let expected = 0;
  let counted = 0;
  const closeSection = (line: DisplayLine | undefined) => {
    if (type !== undefined && counted !== expected) throw malformed(COMMAND, line, `the previous section announced ${expected} routes but listed ${counted}`);
  };
  for (const line of displayLines(output)) {
    const text = line.text.trim();
    const section = /^Number of (.+): (\d+)$/.exec(text);
    if (section) {
      closeSection(line);
      type = SECTIONS[section[1]!];
      if (type === undefined) throw malformed(COMMAND, line, `unknown route section "${section[1]}"`);
      expected = Number(section[2]);
      counted = 0;
      rd = undefined;
      continue;
    }
    if (type === undefined || text === '' || /\bNextHop\b/.test(text)) continue;
    const rdLine = /^Route Distinguisher: (\S+)$/.exec(text);
    if (rdLine) {
      rd = rdLine[1]!;
      continue;
    }
    if (rd === undefined) throw malformed(COMMAND, line, 'a route before any "Route Distinguisher:" line');
    routes.push(routeRow(line, type, rd));
    counted++;
  }
  closeSection(undefined);
  return routes;
}

function routeRow(line: DisplayLine, type: EvpnRoute['type'], rd: string): EvpnRoute {
  const cells = columns(line.text);
  const [network, nextHop, vni] = cells.slice(-3) as [string, string, string];
  if (cells.length < 4 || !/^[*>dxahisS]+$/.test(cells.slice(0, -3).join('')) || !/^\d+$/.test(vni ?? '')) {
    throw malformed(COMMAND, line, 'is not "<status> <network> <next hop> <vni>"');
  }
  const prefix = networkPrefix(type, network);
  if (prefix === undefined) throw malformed(COMMAND, line, `network "${network}" is not a type ${type} route`);
  return { type, routeDistinguisher: rd, prefix, vni: Number(vni), nextHop };
}

/** The normalized prefix of a route's Network column (see docs/operational-state.md). */
function networkPrefix(type: EvpnRoute['type'], network: string): string | undefined {
  const parts = network.split(':');
  if (!/^\d+$/.test(parts[0] ?? '')) return undefined;
  if (type === 2) {
    // EthTagId:MacAddrLen:MacAddr:IpAddrLen:IpAddr
    const mac = colonMac(parts[2] ?? '');
    const ipLen = parts[3];
    const ip = parts.slice(4).join(':');
    if (parts[1] !== '48' || !mac || !ipLen || !/^\d+$/.test(ipLen) || !ip) return undefined;
    return ipLen === '0' ? mac : `${mac},${ip}`;
  }
  if (type === 3) {
    // EthTagId:IpAddrLen:OriginalIp
    const ip = parts.slice(2).join(':');
    return /^\d+$/.test(parts[1] ?? '') && ip ? ip : undefined;
  }
  // EthTagId:IpPrefix:IpPrefixLen
  const len = parts.at(-1);
  const ip = parts.slice(1, -1).join(':');
  return parts.length >= 3 && /^\d+$/.test(len ?? '') && ip ? `${ip}/${len}` : undefined;
}
