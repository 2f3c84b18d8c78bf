import { canonicalize, type DeviceIntent } from '#intent';
import { describe, expect, it } from 'vitest';
import { CeCliParseError, CeCliRenderError, ceCliDialect, type CeCliParseErrorCode } from './index.js';
import { handmade } from './testing/fixture-intents.js';

const leaf = canonicalize(handmade('leaf-1'));
const context = { device: leaf.device, role: leaf.role };
const config = ceCliDialect.render(leaf);

/** `config` with `replace` swapped for `by` (first occurrence), and the 1-based line where `by` starts. */
function edited(replace: string, by: string): { text: string; line: number } {
  const at = config.indexOf(replace);
  if (at < 0) throw new Error(`not in the config: ${replace}`);
  const text = config.slice(0, at) + by + config.slice(at + replace.length);
  return { text, line: text.slice(0, at).split('\n').length };
}

function parseError(text: string): CeCliParseError {
  try {
    ceCliDialect.parse(text, context);
  } catch (e) {
    if (e instanceof CeCliParseError) return e;
    throw e;
  }
  throw new Error('parsed without error');
}

function expectError(text: string, code: CeCliParseErrorCode, line: number, lineText: string, reason: RegExp) {
  const e = parseError(text);
  expect({ code: e.code, line: e.line, text: e.text }).toEqual({ code, line, text: lineText });
  expect(e.reason).toMatch(reason);
  expect(e.message).toContain(`line ${line}`);
}

describe('ce-cli parser errors name the line', () => {
  it('an unknown command at top level', () => {
    const { text, line } = edited('#\nbgp ', '#\nntp-service unicast-server 192.0.2.1\n#\nbgp ');
    expectError(text, 'UNKNOWN_COMMAND', line + 1, 'ntp-service unicast-server 192.0.2.1', /not a command Spinel configures in system view/);
  });

  it('an unknown command inside a view', () => {
    const { text, line } = edited(' arp broadcast-suppress enable\n', ' arp broadcast-suppress enable\n l2 binding vlan 100\n');
    expectError(text, 'UNKNOWN_COMMAND', line + 1, 'l2 binding vlan 100', /in bridge-domain 20001/);
  });

  it('a non-contiguous mask', () => {
    const { text, line } = edited('  network 10.20.9.0 255.255.255.0', '  network 10.20.9.0 255.0.255.0');
    expectError(text, 'BAD_VALUE', line, 'network 10.20.9.0 255.0.255.0', /not a contiguous IPv4 mask/);
  });

  it('host bits under the mask', () => {
    const { text, line } = edited('  network 10.20.9.0 255.255.255.0', '  network 10.20.9.7 255.255.255.0');
    expectError(text, 'BAD_VALUE', line, 'network 10.20.9.7 255.255.255.0', /host bits set/);
  });

  it('a duplicate bridge domain, naming the first', () => {
    const block = config.slice(config.indexOf('bridge-domain 20003\n'), config.indexOf('#\nacl name'));
    const { text, line } = edited('#\nacl name', `#\n${block}#\nacl name`);
    const first = config.split('\n').indexOf('bridge-domain 20003') + 1;
    expectError(text, 'DUPLICATE', line + 1, 'bridge-domain 20003', new RegExp(`first at line ${first}`));
  });

  it('a setting given twice in one view', () => {
    const { text, line } = edited(' mtu 9216\n', ' mtu 9216\n mtu 1500\n');
    expectError(text, 'DUPLICATE', line + 1, 'mtu 1500', /duplicate "mtu"/);
  });

  it('a reference to an undefined VPN instance', () => {
    const { text, line } = edited(' ip binding vpn-instance acme-prod\n ip address 10.20.1.1', ' ip binding vpn-instance ghost\n ip address 10.20.1.1');
    expectError(text, 'UNDEFINED_REFERENCE', line - 1, 'interface Vbdif20001', /vpn-instance ghost, which is not defined/);
  });

  it('a peer used in an address family but never defined', () => {
    const { text, line } = edited('  peer 100GE1/0/50 advertise irb\n#\nip route-static', '  peer 100GE1/0/50 advertise irb\n  peer 10.9.9.9 enable\n#\nip route-static');
    expectError(text, 'UNDEFINED_REFERENCE', line + 1, 'peer 10.9.9.9 enable', /has no "peer … as-number"/);
  });

  it('a required line missing', () => {
    const { text, line } = edited('bridge-domain 20003\n description acme-dev/lab-l2\n vxlan vni 20003\n', 'bridge-domain 20003\n description acme-dev/lab-l2\n');
    expectError(text, 'MISSING', line, 'bridge-domain 20003', /no "vxlan vni"/);
  });

  it('a derived line that disagrees with the rest', () => {
    const { text, line } = edited(' vni 20003 head-end peer-list protocol bgp', ' vni 29999 head-end peer-list protocol bgp');
    expectError(text, 'INCONSISTENT', line, 'vni 29999 head-end peer-list protocol bgp', /implies "vni 20003 head-end peer-list protocol bgp"/);
  });

  it('a derived line that is absent', () => {
    const { text, line } = edited(' ipv6 enable\n ipv6 address auto link-local\n', ' ipv6 enable\n');
    expectError(text, 'MISSING', line - 4, 'interface 100GE1/0/49', /missing "ipv6 address auto link-local"/);
  });

  it('a line of another role (route-target filtering off is for spines)', () => {
    const { text, line } = edited(' l2vpn-family evpn\n', ' l2vpn-family evpn\n  undo policy vpn-target\n');
    expectError(text, 'INCONSISTENT', line + 1, 'undo policy vpn-target', /would not write it/);
  });

  it('the configuration of another device', () => {
    expectError(config.replace('sysname leaf-1', 'sysname leaf-9'), 'INCONSISTENT', 2, 'sysname leaf-9', /another device/);
  });

  it('a tab, an indentation jump, text after return', () => {
    expectError(config.replace(' mtu 9216', '\tmtu 9216'), 'SYNTAX', config.split('\n').indexOf(' mtu 9216') + 1, 'mtu 9216', /tabs/);
    expectError(config.replace(' mtu 9216', '   mtu 9216'), 'SYNTAX', config.split('\n').indexOf(' mtu 9216') + 1, 'mtu 9216', /indented 3 levels/);
    expectError(`${config}sysname x\n`, 'SYNTAX', config.split('\n').length, 'sysname x', /after "return"/);
  });

  it('a malformed ACL rule and an IPv4 rule with a port on ip', () => {
    const { text, line } = edited(' rule 20 deny ip source any destination 10.20.1.10 0', ' rule 20 deny ip source any destination 10.20.1.10 0.0.3.0');
    expectError(text, 'BAD_VALUE', line, 'rule 20 deny ip source any destination 10.20.1.10 0.0.3.0', /not a contiguous wildcard/);
    const port = edited(' rule 20 deny ip source any destination 10.20.1.10 0', ' rule 20 deny ip source any destination 10.20.1.10 0 destination-port eq 80');
    expectError(port.text, 'BAD_VALUE', port.line, 'rule 20 deny ip source any destination 10.20.1.10 0 destination-port eq 80', /needs tcp or udp/);
  });
});

describe('ce-cli parser tolerance', () => {
  it('skips comments, separators, CRLF, empty unconfigured ports and empty address families', () => {
    const noisy = `!Software Version V200R005C10SPC800\n!Last configuration was updated at 2026-11-25 01:00:00+00:00\n${config.replace('#\nbgp ', '#\ninterface 10GE1/0/8\n#\ninterface 10GE1/0/9\n#\nbgp ').replace(' #\n l2vpn-family evpn', ' #\n ipv6-family unicast\n #\n l2vpn-family evpn')}`.replace(/\n/g, '\r\n');
    expect(ceCliDialect.parse(noisy, context)).toEqual(leaf);
  });

  it('reads a configuration without the final return', () => {
    expect(ceCliDialect.parse(config.replace(/#\nreturn\n$/, ''), context)).toEqual(leaf);
  });
});

describe('ce-cli render refuses what it cannot say', () => {
  const bad = (f: (i: DeviceIntent) => void) => {
    const i = structuredClone(leaf);
    f(i);
    return () => ceCliDialect.render(i);
  };

  it('names the field', () => {
    expect(bad((i) => (i.bridgeDomains[0]!.gateway!.ip = '2001:db8::1'))).toThrow(CeCliRenderError);
    expect(bad((i) => (i.bridgeDomains[0]!.gateway!.ip = '2001:db8::1'))).toThrow(/bridgeDomains\[20001\]\.gateway\.ip/);
    expect(bad((i) => (i.asn = 1))).toThrow(/differs from bgp\.asn/);
    expect(bad((i) => (i.acls[0]!.bindings = [{ bridgeDomain: 777, direction: 'inbound' }]))).toThrow(/bridge domain 777 is not defined/);
    expect(bad((i) => (i.interfaces[0]!.description = 'trailing '))).toThrow(/one line without leading or trailing spaces/);
    expect(bad((i) => (i.bridgeDomains[1]!.attachments = [{ interface: '10GE1/0/1', vlan: 100 }]))).toThrow(/already attached to bridge domain 20001/);
    expect(bad((i) => (i.bridgeDomains[1]!.l2Vni = 20000))).toThrow(/VNI 20000 is used by both vpn-instance acme-prod and bridge-domain 20002/);
  });
});
