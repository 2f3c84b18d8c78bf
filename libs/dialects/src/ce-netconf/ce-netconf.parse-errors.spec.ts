import { describe, expect, it } from 'vitest';
import { ceNetconfDialect } from './ce-netconf.dialect.js';
import { NetconfConfigError } from './netconf-config-error.js';
import { fixtureIntent } from './test-support/fixture-intents.js';

const leaf = fixtureIntent('handmade-netconf', 'leaf-1');
const context = { device: 'leaf-1', role: 'leaf' } as const;
const rendered = ceNetconfDialect.render(leaf);

/** The rendered leaf-1 document with one textual edit, which must be found exactly once. */
function tampered(find: string | RegExp, replace: string): string {
  const out = rendered.replace(find, replace);
  expect(out, `${String(find)} not found`).not.toBe(rendered);
  return out;
}

function parseError(text: string): NetconfConfigError {
  try {
    ceNetconfDialect.parse(text, context);
  } catch (err) {
    expect(err).toBeInstanceOf(NetconfConfigError);
    return err as NetconfConfigError;
  }
  throw new Error('expected the parse to fail');
}

describe('ce-netconf parser errors name the path', () => {
  it('rejects an unknown element inside a managed subtree', () => {
    const err = parseError(tampered('<mtu>9000</mtu>', '<mtu>9000</mtu><speed>100G</speed>'));
    expect(err.path).toBe('/interfaces/interface[name=10GE1/0/1]/config/speed');
    expect(err.message).toMatch(/unexpected element/);
  });

  it('rejects an unknown extension element', () => {
    const err = parseError(tampered('<spx:asn>65011</spx:asn>', '<spx:asn>65011</spx:asn><spx:colour>blue</spx:colour>'));
    expect(err.path).toBe('/spx:device/spx:config/spx:colour');
  });

  it('rejects an element of the right name in the wrong namespace', () => {
    const err = parseError(tampered('<arp-suppression>false</arp-suppression>', '<arp-suppression xmlns="urn:example:other">false</arp-suppression>'));
    expect(err.path).toBe('/network-instances/network-instance[name=BD10030]/fdb/arp-proxy/config');
    expect(err.message).toMatch(/missing leaf arp-suppression/);
  });

  it('rejects a VNI of 16777215', () => {
    const err = parseError(tampered('<vni>10010</vni>', '<vni>16777215</vni>'));
    expect(err.path).toBe('/network-instances/network-instance[name=BD10010]/evpn/evpn-instances/evpn-instance[evi=10010]/vxlan/config/vni');
    expect(err.message).toMatch(/VNI.*16777215.*1\.\.16777214|16777214/);
  });

  it('rejects a bad prefix', () => {
    const err = parseError(tampered('<spx:network>10.0.0.11/32</spx:network>', '<spx:network>10.0.0.11/33</spx:network>'));
    expect(err.path).toBe(
      '/network-instances/network-instance[name=DEFAULT]/protocols/protocol[identifier=oc-pol-types:BGP][name=BGP]/bgp/global/afi-safis/afi-safi[afi-safi-name=oc-bgp-types:IPV4_UNICAST]/ipv4-unicast/spx:network[.=10.0.0.11/33]',
    );
    expect(err.message).toMatch(/prefix length 33/);
  });

  it('rejects a number written in a form render does not produce', () => {
    expect(parseError(tampered('<mtu>9000</mtu>', '<mtu>09000</mtu>')).path).toBe('/interfaces/interface[name=10GE1/0/1]/config/mtu');
  });

  it('rejects implied configuration that contradicts the rest', () => {
    const err = parseError(tampered('<subinterface>200</subinterface>', '<subinterface>201</subinterface>'));
    expect(err.path).toMatch(/^\/interfaces\/interface\[name=10GE1\/0\/10\]\/subinterfaces\/subinterface\[index=20[01]\]$/);
  });

  it('rejects malformed XML with the line and the open elements', () => {
    const err = parseError(tampered('</description>', '</descr>'));
    expect(err.path).toBe('/interfaces/interface/config/description');
    expect(err.message).toMatch(/malformed XML at line \d+, column \d+/);
  });

  it('rejects a document for another device', () => {
    expect(() => ceNetconfDialect.parse(rendered, { device: 'leaf-2', role: 'leaf' })).toThrow(/\/system\/config\/hostname: hostname "leaf-1" is not the device's name "leaf-2"/);
  });

  it('rejects a network instance type Spinel does not configure', () => {
    const err = parseError(tampered('<type>oc-ni-types:L3VRF</type>', '<type>oc-ni-types:L2P2P</type>'));
    expect(err.path).toBe('/network-instances/network-instance[name=vpc-blue]/config/type');
  });

  it('rejects an undeclared prefix and a root that is not <config> or <data>', () => {
    expect(parseError(tampered('<spx:asn>', '<zz:asn>').replace('</spx:asn>', '</zz:asn>')).message).toMatch(/prefix "zz" is not declared/);
    expect(parseError('<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"/>').path).toBe('/rpc-reply');
  });
});
