import { describe, expect, it } from 'vitest';
import { DeviceError } from '../../device-error.js';
import { parseBgpNeighbors, parseEvpnRoutes, parseFacts, parseInterfaceCounters, parseInterfaces, parseLldpNeighbors } from './oper-state.js';

/** The `<get>` sample of docs/operational-state.md, with its elisions filled in (and the clock set: boot 03:00:00Z, now 04:00:00Z). */
const SYSTEM = `<system xmlns="http://openconfig.net/yang/system">
  <config><hostname>leaf-1</hostname></config>
  <state>
    <hostname>leaf-1</hostname>
    <boot-time>1795575600000000000</boot-time>
    <current-datetime>2026-11-25T04:00:00Z</current-datetime>
  </state>
</system>`;
const COMPONENTS = `<components xmlns="http://openconfig.net/yang/platform">
  <component>
    <name>chassis</name>
    <state>
      <name>chassis</name>
      <type xmlns:oc-platform-types="http://openconfig.net/yang/platform-types">oc-platform-types:CHASSIS</type>
      <mfg-name>Spinel</mfg-name>
      <description>CE-EMU-48S6CQ</description>
      <serial-no>SPX4C3A9F01</serial-no>
      <software-version>8.200 (Spinel emulated CloudEngine)</software-version>
    </state>
  </component>
</components>`;
const ETHERNET = `<interface>
    <name>100GE1/0/1</name>
    <config><name>100GE1/0/1</name><mtu>9000</mtu></config>
    <state>
      <name>100GE1/0/1</name>
      <type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:ethernetCsmacd</type>
      <mtu>9000</mtu>
      <description>to spine-1 10GE1/0/1</description>
      <enabled>true</enabled>
      <ifindex>52</ifindex>
      <admin-status>UP</admin-status>
      <oper-status>UP</oper-status>
      <last-change>1764043201000000000</last-change>
      <counters>
        <in-octets>18446744073709551615</in-octets>
        <in-unicast-pkts>1234</in-unicast-pkts>
        <in-errors>0</in-errors>
        <out-octets>123456</out-octets>
        <out-unicast-pkts>1200</out-unicast-pkts>
        <out-errors>2</out-errors>
      </counters>
    </state>
    <ethernet xmlns="http://openconfig.net/yang/interfaces/ethernet">
      <state>
        <mac-address>00:e0:fc:12:34:56</mac-address>
        <port-speed xmlns:oc-eth="http://openconfig.net/yang/interfaces/ethernet">oc-eth:SPEED_100GB</port-speed>
      </state>
    </ethernet>
  </interface>`;
const LOOPBACK = `<interface><name>LoopBack0</name><state><name>LoopBack0</name><mtu>1500</mtu><enabled>true</enabled><ifindex>60</ifindex>
  <admin-status>UP</admin-status><oper-status>DOWN</oper-status>
  <counters><in-octets>0</in-octets><in-unicast-pkts>0</in-unicast-pkts><in-errors>0</in-errors><out-octets>0</out-octets><out-unicast-pkts>0</out-unicast-pkts><out-errors>0</out-errors></counters>
  </state></interface>`;
const interfaces = (...entries: string[]) => `<interfaces xmlns="http://openconfig.net/yang/interfaces">${entries.join('')}</interfaces>`;
const NEIGHBOR_STATE = (address: string, state: string, extra = '') =>
  `<neighbor><neighbor-address>${address}</neighbor-address><config><neighbor-address>${address}</neighbor-address></config>
   <state><neighbor-address>${address}</neighbor-address>${extra}<session-state>${state}</session-state><established-transitions>0</established-transitions><prefixes-received>0</prefixes-received></state></neighbor>`;
const NETWORK_INSTANCES = `<network-instances xmlns="http://openconfig.net/yang/network-instance">
  <network-instance>
    <name>default</name>
    <protocols><protocol>
      <identifier xmlns:oc-pol-types="http://openconfig.net/yang/policy-types">oc-pol-types:BGP</identifier><name>bgp</name>
      <bgp>
        <neighbors><neighbor>
          <neighbor-address>10.255.0.1</neighbor-address>
          <config><neighbor-address>10.255.0.1</neighbor-address></config>
          <state>
            <neighbor-address>10.255.0.1</neighbor-address>
            <peer-as>65000</peer-as>
            <session-state>ESTABLISHED</session-state>
            <last-established>1795575602000000000</last-established>
            <established-transitions>1</established-transitions>
            <prefixes-received>12</prefixes-received>
          </state>
        </neighbor></neighbors>
        <spx:interface-neighbors xmlns:spx="urn:spinel:yang:spinel-ext">
          <spx:interface-neighbor>
            <spx:interface>100GE1/0/1</spx:interface>
            <spx:state>
              <spx:interface>100GE1/0/1</spx:interface>
              <spx:peer-as>4200000000</spx:peer-as>
              <spx:session-state>ESTABLISHED</spx:session-state>
              <spx:last-established>1795575602000000000</spx:last-established>
              <spx:established-transitions>1</spx:established-transitions>
              <spx:prefixes-received>12</spx:prefixes-received>
            </spx:state>
          </spx:interface-neighbor>
        </spx:interface-neighbors>
      </bgp>
    </protocol></protocols>
  </network-instance>
  <network-instance><name>green</name><protocols><protocol><identifier>BGP</identifier><name>BGP</name><bgp><neighbors>${NEIGHBOR_STATE('10.9.0.2', 'ACTIVE')}</neighbors></bgp></protocol></protocols></network-instance>
</network-instances>`;
const LLDP = `<lldp xmlns="http://openconfig.net/yang/lldp">
  <interfaces><interface>
    <name>100GE1/0/1</name>
    <neighbors><neighbor>
      <id>spine-1|10GE1/0/1</id>
      <state><id>spine-1|10GE1/0/1</id><system-name>spine-1</system-name><port-id>10GE1/0/1</port-id></state>
    </neighbor></neighbors>
  </interface></interfaces>
</lldp>`;
const EVPN = (route = '<type>3</type><route-distinguisher>65000:10100</route-distinguisher><prefix>10.255.0.102</prefix><vni>10100</vni><next-hop>10.255.0.102</next-hop>') =>
  `<evpn-state xmlns="urn:spinel:yang:spinel-ext"><routes><route>${route}</route></routes>
   <vxlan-tunnels><tunnel><source>10.255.0.101</source><destination>10.255.0.102</destination><state>up</state><vni>10100</vni><up-since>1764043203000000000</up-since></tunnel></vxlan-tunnels></evpn-state>`;
const data = (...parts: string[]) => `<data xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">${parts.join('\n')}</data>`;

function protocolError(run: () => unknown): DeviceError {
  try {
    run();
  } catch (error) {
    if (error instanceof DeviceError) {
      expect(error.code).toBe('PROTOCOL');
      return error;
    }
    throw error;
  }
  throw new Error('expected a PROTOCOL DeviceError');
}

describe('ce-netconf <get> state parsers', () => {
  it('reads facts from system state, the chassis component and the interface list', () => {
    expect(parseFacts(data(SYSTEM, COMPONENTS, interfaces(ETHERNET, LOOPBACK)))).toEqual({
      hostname: 'leaf-1',
      vendor: 'Spinel',
      model: 'CE-EMU-48S6CQ',
      osVersion: '8.200 (Spinel emulated CloudEngine)',
      serialNumber: 'SPX4C3A9F01',
      uptimeSeconds: 3600, // boot at 03:00:00Z, device clock at 04:00:00Z
      interfaces: ['100GE1/0/1', 'LoopBack0'],
    });
  });

  it('reads interface state, with speed and MAC only where the device reports ethernet state', () => {
    expect(parseInterfaces(data(interfaces(ETHERNET, LOOPBACK)))).toEqual([
      { name: '100GE1/0/1', description: 'to spine-1 10GE1/0/1', adminUp: true, operUp: true, mtu: 9000, speedMbps: 100_000, macAddress: '00:e0:fc:12:34:56' },
      { name: 'LoopBack0', description: '', adminUp: true, operUp: false, mtu: 1500, speedMbps: 0, macAddress: '' },
    ]);
  });

  it('orders interfaces by ifIndex, and refuses one without', () => {
    expect(parseInterfaces(data(interfaces(LOOPBACK.replace('<ifindex>60<', '<ifindex>7<'), ETHERNET))).map((i) => i.name)).toEqual(['LoopBack0', '100GE1/0/1']);
    expect(protocolError(() => parseInterfaces(data(interfaces(LOOPBACK.replace('<ifindex>60</ifindex>', ''))))).message).toMatch(/interface\[name=LoopBack0\]\/state\/ifindex is missing/);
  });

  it('reads 64-bit counters without losing precision', () => {
    const [ethernet] = parseInterfaceCounters(data(interfaces(ETHERNET)));
    expect(ethernet).toEqual({ name: '100GE1/0/1', inOctets: 18446744073709551615n, outOctets: 123456n, inPackets: 1234n, outPackets: 1200n, inErrors: 0n, outErrors: 2n });
  });

  it('reads numbered and unnumbered BGP sessions of every instance, uptime by the device clock', () => {
    expect(parseBgpNeighbors(data(SYSTEM, NETWORK_INSTANCES))).toEqual([
      { vrf: 'default', peer: '10.255.0.1', remoteAs: 65000, state: 'established', uptimeSeconds: 3598, prefixesReceived: 12 },
      { vrf: 'default', peer: '100GE1/0/1', remoteAs: 4200000000, state: 'established', uptimeSeconds: 3598, prefixesReceived: 12 },
      { vrf: 'green', peer: '10.9.0.2', remoteAs: null, state: 'active', uptimeSeconds: 0, prefixesReceived: 0 },
    ]);
  });

  it('names the default instance "default" however the device spells it', () => {
    const upper = NETWORK_INSTANCES.replace('<name>default</name>', '<name>DEFAULT</name>');
    expect(parseBgpNeighbors(data(SYSTEM, upper)).map((n) => n.vrf)).toEqual(['default', 'default', 'green']);
  });

  it('reads LLDP neighbors and EVPN routes', () => {
    expect(parseLldpNeighbors(data(LLDP))).toEqual([{ localInterface: '100GE1/0/1', remoteSystem: 'spine-1', remoteInterface: '10GE1/0/1' }]);
    expect(parseEvpnRoutes(data(EVPN()))).toEqual([{ type: 3, routeDistinguisher: '65000:10100', prefix: '10.255.0.102', vni: 10100, nextHop: '10.255.0.102' }]);
  });

  it('answers empty lists when the device has no such state', () => {
    expect(parseBgpNeighbors(data(SYSTEM))).toEqual([]);
    expect(parseLldpNeighbors(data())).toEqual([]);
    expect(parseEvpnRoutes(data())).toEqual([]);
    expect(parseInterfaces(data())).toEqual([]);
  });

  it.each([
    ['a missing counter', () => parseInterfaceCounters(data(interfaces(ETHERNET.replace(/<out-errors>2<\/out-errors>/, '')))), /\/interfaces\/interface\[name=100GE1\/0\/1\]\/state\/counters\/out-errors is missing/],
    ['a counter that is not a number', () => parseInterfaceCounters(data(interfaces(ETHERNET.replace('123456</out-octets>', '12x</out-octets>')))), /counters\/out-octets "12x" is not a 64-bit/],
    ['a counter beyond 64 bits', () => parseInterfaceCounters(data(interfaces(ETHERNET.replace('18446744073709551615', '18446744073709551616')))), /in-octets .* is not a 64-bit/],
    ['an unknown oper-status', () => parseInterfaces(data(interfaces(ETHERNET.replace('<oper-status>UP', '<oper-status>SIDEWAYS')))), /oper-status "SIDEWAYS" is not one of/],
    ['an unknown port speed', () => parseInterfaces(data(interfaces(ETHERNET.replace('SPEED_100GB', 'SPEED_WARP')))), /port-speed "SPEED_WARP" is not an OpenConfig ethernet speed/],
    ['an interface without state', () => parseInterfaces(data(interfaces('<interface><name>10GE1/0/9</name></interface>'))), /interface\[name=10GE1\/0\/9\]\/state is missing/],
    ['an interface without its key', () => parseInterfaces(data(interfaces('<interface><state/></interface>'))), /\/interfaces\/interface has an entry without its key <name>/],
    ['a missing chassis', () => parseFacts(data(SYSTEM, '<components xmlns="http://openconfig.net/yang/platform"/>', interfaces())), /has no chassis component/],
    ['a missing system container', () => parseFacts(data(COMPONENTS)), /\/system \(namespace http:\/\/openconfig.net\/yang\/system\) is missing/],
    ['a bad clock', () => parseFacts(data(SYSTEM.replace('2026-11-25T04:00:00Z', 'tea time'), COMPONENTS)), /current-datetime "tea time" is not a date-time/],
    ['an unknown session state', () => parseBgpNeighbors(data(SYSTEM, NETWORK_INSTANCES.replace('<session-state>ACTIVE', '<session-state>DANCING'))), /neighbor\[neighbor-address=10.9.0.2\]\/state\/session-state "DANCING"/],
    ['a missing prefix count', () => parseBgpNeighbors(data(SYSTEM, NETWORK_INSTANCES.replace('<spx:prefixes-received>12</spx:prefixes-received>', ''))), /interface-neighbor\[interface=100GE1\/0\/1\]\/state\/prefixes-received is missing/],
    ['an LLDP neighbor without its port', () => parseLldpNeighbors(data(LLDP.replace('<port-id>10GE1/0/1</port-id>', ''))), /neighbor\[id=spine-1\|10GE1\/0\/1\]\/state\/port-id is missing/],
    ['an EVPN route of type 4', () => parseEvpnRoutes(data(EVPN().replace('<type>3</type>', '<type>4</type>'))), /route\[prefix=10.255.0.102\]\/type 4 is not an EVPN route type/],
    ['a VNI out of range', () => parseEvpnRoutes(data(EVPN().replace('<vni>10100</vni><next-hop>', '<vni>99999999</vni><next-hop>'))), /\/vni "99999999" is not a number in 0..16777215/],
    ['XML that does not nest', () => parseEvpnRoutes('<data><evpn-state></data>'), /not XML this driver can read|malformed XML/],
  ])('refuses %s with PROTOCOL naming the element', (_what, run, message) => {
    expect(protocolError(run).message).toMatch(message);
  });
});
