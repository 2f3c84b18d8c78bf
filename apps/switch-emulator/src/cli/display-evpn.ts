import type { EvpnRoute } from '#drivers';
import type { SwitchOperations } from '../oper/switch-operations.js';
import { left, upDown, vrpMac } from './display-format.js';

const SECTIONS: { type: EvpnRoute['type']; title: string; columns: string }[] = [
  { type: 2, title: 'Mac Routes', columns: 'Network(EthTagId/MacAddrLen/MacAddr/IpAddrLen/IpAddr)' },
  { type: 3, title: 'Inclusive Multicast Routes', columns: 'Network(EthTagId/IpAddrLen/OriginalIp)' },
  { type: 5, title: 'Ip Prefix Routes', columns: 'Network(EthTagId/IpPrefix/IpPrefixLen)' },
];

/** `display bgp evpn all routing-table`, with a VNI column. */
export function displayEvpnRoutingTable(oper: SwitchOperations): string {
  const intent = oper.intent;
  const lines = [
    ` Local AS number : ${intent?.asn ?? 0}`,
    '',
    ` BGP Local router ID is ${intent?.routerId ?? '0.0.0.0'}`,
    ' Status codes: * - valid, > - best, d - damped, x - best external, a - add path,',
    '               h - history,  i - internal, s - suppressed, S - Stale',
    '               Origin : i - IGP, e - EGP, ? - incomplete',
    '',
    ' EVPN address family:',
  ];
  const routes = oper.evpnRoutes();
  SECTIONS.forEach(({ type, title, columns }, index) => {
    const ofType = routes.filter((r) => r.type === type);
    if (index > 0) lines.push('');
    lines.push(` Number of ${title}: ${ofType.length}`);
    for (const rd of [...new Set(ofType.map((r) => r.routeDistinguisher))]) {
      lines.push(` Route Distinguisher: ${rd}`, `       ${left(columns, 56)}${left('NextHop', 17)}VNI`);
      for (const r of ofType.filter((x) => x.routeDistinguisher === rd)) lines.push(` *>    ${left(network(r), 56)}${left(r.nextHop, 17)}${r.vni}`);
    }
  });
  return lines.join('\n');
}

function network(r: EvpnRoute): string {
  if (r.type === 2) {
    const [mac = '', ip] = r.prefix.split(',');
    return ip ? `0:48:${vrpMac(mac)}:32:${ip}` : `0:48:${vrpMac(mac)}:0:0.0.0.0`;
  }
  if (r.type === 3) return `0:32:${r.prefix}`;
  const slash = r.prefix.lastIndexOf('/');
  return `0:${r.prefix.slice(0, slash)}:${r.prefix.slice(slash + 1)}`;
}

/** `display vxlan tunnel`. */
export function displayVxlanTunnel(oper: SwitchOperations): string {
  const tunnels = oper.tunnelRecords();
  const lines = [`Number of vxlan tunnel : ${tunnels.length}`, 'Tunnel ID   Source                Destination           State  Type     Uptime', '-'.repeat(83)];
  for (const t of tunnels) {
    const uptime = t.state === 'up' ? upDown((Date.now() - t.upSince.getTime()) / 1000) : '--';
    lines.push(`${left(t.id, 12)}${left(t.source, 22)}${left(t.destination, 22)}${left(t.state, 7)}${left('dynamic', 9)}${uptime}`);
  }
  return lines.join('\n');
}
