import { describe, expect, it } from 'vitest';
import { DeviceError } from '../../device-error.js';
import { parseBgpPeers, upDownSeconds } from './display-bgp-peer.parser.js';
import { parseEvpnRoutingTable } from './display-evpn-routes.parser.js';
import { parseDisplayEsn, parseDisplayVersion } from './display-facts.parser.js';
import { parseDisplayInterface, parseInterfaceBrief } from './display-interface.parser.js';
import { parseLldpNeighborBrief } from './display-lldp.parser.js';

// Samples from docs/operational-state.md.
const VERSION = `Spinel Versatile Routing Platform Software
VRP (R) software, Version 8.200 (Spinel emulated CloudEngine)
Copyright (C) 2026 Spinel contributors
CE-EMU-48S6CQ leaf-1 uptime is 0 days, 1 hours, 5 minutes
`;
const BRIEF = `PHY: Physical
*down: administratively down
InUti/OutUti: input utility rate/output utility rate
Interface                  PHY      Protocol  InUti OutUti   inErrors  outErrors
100GE1/0/1                 up       up        0.01%  0.01%          0          0
10GE1/0/2                  *down    down         0%     0%          0          0
LoopBack0                  up       up(s)        0%     0%          0          0
`;
const INTERFACE = `100GE1/0/1 current state : UP (ifindex: 52)
Line protocol current state : UP
Description: to spine-1 10GE1/0/1
Route Port,The Maximum Transmit Unit is 9000
IP Sending Frames' Format is PKTFMT_ETHNT_2, Hardware address is 00e0-fc12-3456
Speed: 100000, Loopback: NONE
Statistics last cleared:never
    Input: 123456 bytes, 1234 packets
    Output: 654321 bytes, 4321 packets
    Input errors: 0, Output errors: 2

LoopBack0 current state : UP (ifindex: 60)
Line protocol current state : UP
Description:
Route Port,The Maximum Transmit Unit is 1500
Statistics last cleared:never
    Input: 0 bytes, 0 packets
    Output: 0 bytes, 0 packets
    Input errors: 0, Output errors: 0

10GE1/0/2 current state : Administratively DOWN (ifindex: 3)
Line protocol current state : DOWN
Description:
Route Port,The Maximum Transmit Unit is 9000
IP Sending Frames' Format is PKTFMT_ETHNT_2, Hardware address is 00e0-fc12-3403
Speed: 10000, Loopback: NONE
Statistics last cleared:never
    Input: 0 bytes, 0 packets
    Output: 0 bytes, 0 packets
    Input errors: 0, Output errors: 0
`;
const PEERS = ` BGP local router ID : 10.255.0.101
 Local AS number : 4200000100
 Total number of peers : 2                 Peers in established state : 1

  Peer            V          AS  MsgRcvd  MsgSent  OutQ  Up/Down       State  PrefRcv
  100GE1/0/1      4  4200000000       25       27     0 00:10:12 Established        3
  100GE1/0/2      4           0        0        0     0 00:00:05      Active        0
`;
const VPN_PEERS = ` BGP local router ID : 10.255.0.101
 Local AS number : 4200000100
 Total number of peers : 1                 Peers in established state : 1

 VPN-Instance green, Router ID 10.255.0.101:
  Peer            V          AS  MsgRcvd  MsgSent  OutQ  Up/Down       State  PrefRcv
  10.9.0.2        4       65010       25       27     0 2d03h Established        7
`;
const LLDP = `Local Intf       Neighbor Dev             Neighbor Intf             Exptime (sec)
100GE1/0/1       spine-1                  10GE1/0/1                 104
`;
const EVPN = ` Local AS number : 4200000100

 BGP Local router ID is 10.255.0.101
 Status codes: * - valid, > - best, d - damped, x - best external, a - add path,
               h - history,  i - internal, s - suppressed, S - Stale
               Origin : i - IGP, e - EGP, ? - incomplete

 EVPN address family:
 Number of Mac Routes: 2
 Route Distinguisher: 65000:10100
       Network(EthTagId/MacAddrLen/MacAddr/IpAddrLen/IpAddr)   NextHop          VNI
 *>    0:48:00e0-fc00-0001:32:10.1.1.1                          10.255.0.101     10100
 *>    0:48:00e0-fc00-0002:0:0.0.0.0                            10.255.0.102     10100

 Number of Inclusive Multicast Routes: 2
 Route Distinguisher: 65000:10100
       Network(EthTagId/IpAddrLen/OriginalIp)                  NextHop          VNI
 *>    0:32:10.255.0.101                                       10.255.0.101     10100
 *>    0:32:10.255.0.102                                       10.255.0.102     10100

 Number of Ip Prefix Routes: 1
 Route Distinguisher: 65000:10000
       Network(EthTagId/IpPrefix/IpPrefixLen)                  NextHop          VNI
 *>    0:10.1.1.0:24                                           10.255.0.101     10000
`;

function protocolError(read: () => unknown): DeviceError {
  try {
    read();
  } catch (error) {
    if (error instanceof DeviceError && error.code === 'PROTOCOL') return error;
    throw error;
  }
  throw new Error('expected a PROTOCOL DeviceError');
}

describe('ce-cli display parsers', () => {
  it('reads display version and display esn into facts', () => {
    expect(parseDisplayVersion(VERSION)).toEqual({ vendor: 'Spinel', osVersion: '8.200 (Spinel emulated CloudEngine)', model: 'CE-EMU-48S6CQ', hostname: 'leaf-1', uptimeSeconds: 3900 });
    expect(parseDisplayEsn('ESN of device: SPX4C3A9F01\n')).toBe('SPX4C3A9F01');
    expect(protocolError(() => parseDisplayVersion(VERSION.replace('1 hours', 'one hour'))).message).toContain('line 4 "CE-EMU-48S6CQ leaf-1 uptime is 0 days, one hour, 5 minutes"');
    expect(protocolError(() => parseDisplayVersion(VERSION.replace(/^VRP.*$/m, ''))).message).toContain('VRP (R) software');
    expect(protocolError(() => parseDisplayEsn('Serial: X\n')).message).toContain('line 1 "Serial: X"');
  });

  it('reads display interface brief rows after the header', () => {
    expect(parseInterfaceBrief(BRIEF)).toEqual([
      { name: '100GE1/0/1', phy: 'up', protocolUp: true, inErrors: 0, outErrors: 0 },
      { name: '10GE1/0/2', phy: '*down', protocolUp: false, inErrors: 0, outErrors: 0 },
      { name: 'LoopBack0', phy: 'up', protocolUp: true, inErrors: 0, outErrors: 0 },
    ]);
    expect(protocolError(() => parseInterfaceBrief(BRIEF.replace('*down    down', 'sleepy   down'))).message).toMatch(/line 6 "10GE1\/0\/2 +sleepy.*PHY "sleepy"/);
    expect(protocolError(() => parseInterfaceBrief('Interface PHY\n')).message).toContain('no "Interface PHY Protocol');
  });

  it('reads display interface blocks into interface state and counters', () => {
    const detail = parseDisplayInterface(INTERFACE);
    expect(detail.map((d) => d.state)).toEqual([
      { name: '100GE1/0/1', description: 'to spine-1 10GE1/0/1', adminUp: true, operUp: true, mtu: 9000, speedMbps: 100000, macAddress: '00:e0:fc:12:34:56' },
      { name: 'LoopBack0', description: '', adminUp: true, operUp: true, mtu: 1500, speedMbps: 0, macAddress: '' },
      { name: '10GE1/0/2', description: '', adminUp: false, operUp: false, mtu: 9000, speedMbps: 10000, macAddress: '00:e0:fc:12:34:03' },
    ]);
    expect(detail[0]!.counters).toEqual({ name: '100GE1/0/1', inOctets: 123456n, outOctets: 654321n, inPackets: 1234n, outPackets: 4321n, inErrors: 0n, outErrors: 2n });
    expect(protocolError(() => parseDisplayInterface(INTERFACE.replace('Input: 123456 bytes', 'Input: lots of bytes'))).message).toContain('line 8 "Input: lots of bytes, 1234 packets"');
    expect(protocolError(() => parseDisplayInterface(INTERFACE.replace(/^ +Output: 0 bytes, 0 packets\n/m, ''))).message).toMatch(/LoopBack0 current state.*no output counters/);
    expect(protocolError(() => parseDisplayInterface('Description: x\n')).message).toContain('before any "<interface> current state');
  });

  it('reads display bgp peer rows into the default VRF and vpnv4 rows into theirs', () => {
    expect(parseBgpPeers(PEERS, 'display bgp peer')).toEqual([
      { vrf: 'default', peer: '100GE1/0/1', remoteAs: 4200000000, state: 'established', uptimeSeconds: 612, prefixesReceived: 3 },
      { vrf: 'default', peer: '100GE1/0/2', remoteAs: null, state: 'active', uptimeSeconds: 0, prefixesReceived: 0 },
    ]);
    expect(parseBgpPeers(VPN_PEERS, 'display bgp vpnv4 all peer')).toEqual([
      { vrf: 'green', peer: '10.9.0.2', remoteAs: 65010, state: 'established', uptimeSeconds: 2 * 86400 + 3 * 3600, prefixesReceived: 7 },
    ]);
    expect(upDownSeconds('01:00:01')).toBe(3601);
    expect(protocolError(() => parseBgpPeers(PEERS.replace('Established', 'Sleeping   '), 'display bgp peer')).message).toContain('state "Sleeping"');
    expect(protocolError(() => parseBgpPeers(PEERS.replace('00:10:12', '10 min  '), 'display bgp peer')).message).toMatch(/line 6 .*(columns|Up\/Down)/);
    expect(protocolError(() => parseBgpPeers(VPN_PEERS.replace(/^ VPN-Instance.*\n/m, ''), 'display bgp vpnv4 all peer')).message).toContain('before any "VPN-Instance');
  });

  it('reads display lldp neighbor brief', () => {
    expect(parseLldpNeighborBrief(LLDP)).toEqual([{ localInterface: '100GE1/0/1', remoteSystem: 'spine-1', remoteInterface: '10GE1/0/1' }]);
    expect(parseLldpNeighborBrief('')).toEqual([]);
    expect(protocolError(() => parseLldpNeighborBrief(`${LLDP}100GE1/0/2 spine-2\n`)).message).toContain('line 3 "100GE1/0/2 spine-2"');
  });

  it('reads display bgp evpn all routing-table into normalized routes', () => {
    expect(parseEvpnRoutingTable(EVPN)).toEqual([
      { type: 2, routeDistinguisher: '65000:10100', prefix: '00:e0:fc:00:00:01,10.1.1.1', vni: 10100, nextHop: '10.255.0.101' },
      { type: 2, routeDistinguisher: '65000:10100', prefix: '00:e0:fc:00:00:02', vni: 10100, nextHop: '10.255.0.102' },
      { type: 3, routeDistinguisher: '65000:10100', prefix: '10.255.0.101', vni: 10100, nextHop: '10.255.0.101' },
      { type: 3, routeDistinguisher: '65000:10100', prefix: '10.255.0.102', vni: 10100, nextHop: '10.255.0.102' },
      { type: 5, routeDistinguisher: '65000:10000', prefix: '10.1.1.0/24', vni: 10000, nextHop: '10.255.0.101' },
    ]);
    const empty = ' Local AS number : 1\n\n EVPN address family:\n Number of Mac Routes: 0\n\n Number of Inclusive Multicast Routes: 0\n\n Number of Ip Prefix Routes: 0\n';
    expect(parseEvpnRoutingTable(empty)).toEqual([]);
    expect(protocolError(() => parseEvpnRoutingTable(EVPN.replace('0:48:00e0-fc00-0001:32:10.1.1.1', '0:48:zz:32:10.1.1.1          '))).message).toContain('not a type 2 route');
    expect(protocolError(() => parseEvpnRoutingTable(EVPN.replace('Number of Mac Routes: 2', 'Number of Mac Routes: 3'))).message).toContain('announced 3 routes but listed 2');
    expect(protocolError(() => parseEvpnRoutingTable(EVPN.replace(/^ Route Distinguisher: 65000:10000\n/m, ''))).message).toContain('line 23 "*>    0:10.1.1.0:24');
  });
});
