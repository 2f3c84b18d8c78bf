import { canonicalize, type DeviceIntent } from '#intent';
import { ceNetconfDialect } from '#dialects';
import { NetconfRpcError, XmlElement } from '#drivers';
import { describe, expect, it } from 'vitest';
import { readEditTree } from '../src/device/config-tree.js';
import { SwitchConfigStore, type EditOptions } from '../src/device/switch-config-store.js';
import { fixtureIntent } from './support/device-test-lab.js';

const BASE = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const NI = 'http://openconfig.net/yang/network-instance';
const IF = 'http://openconfig.net/yang/interfaces';
const context = { device: 'leaf-1', role: 'leaf' as const };
const admin = { sessionId: 7, username: 'admin' };
const leaf1 = (): DeviceIntent => fixtureIntent('l2-bridge', 'leaf-1');
const edit = (xml: string) => readEditTree(XmlElement.parseDocument(xml));
const config = (inner: string) => `<config xmlns="${BASE}" xmlns:nc="${BASE}">${inner}</config>`;
const iface = (inner: string, attrs = '') => config(`<interfaces xmlns="${IF}"><interface${attrs}><name>10GE1/0/1</name>${inner}</interface></interfaces>`);

function provisioned(intent = leaf1()): SwitchConfigStore {
  const store = new SwitchConfigStore(context);
  store.editConfig(admin, 'running', edit(ceNetconfDialect.render(intent)));
  return store;
}

function rpcError(action: () => void): NetconfRpcError {
  try {
    action();
  } catch (error) {
    if (error instanceof NetconfRpcError) return error;
    throw error;
  }
  throw new Error('expected an rpc-error');
}

const intentOf = (store: SwitchConfigStore, name: 'running' | 'candidate' = 'running') => ceNetconfDialect.parse(store.toData(name), context);
const apply = (store: SwitchConfigStore, xml: string, options?: EditOptions) => store.editConfig(admin, 'candidate', edit(xml), options);

describe('SwitchConfigStore edit-config', () => {
  it('merges a leaf deep inside a list entry, matching the entry by its key', () => {
    const store = provisioned();
    apply(store, iface('<config><description>to server 1</description></config>'));
    const expected = leaf1();
    expected.interfaces.find((i) => i.name === '10GE1/0/1')!.description = 'to server 1';
    expect(intentOf(store, 'candidate')).toEqual(canonicalize(expected));
  });

  it('replaces a container as a whole: leaves the replacement does not name are gone', () => {
    const store = provisioned();
    apply(store, iface('<config nc:operation="replace"><name>10GE1/0/1</name><mtu>9000</mtu></config>'));
    const config = store.toData('candidate');
    expect(config).toMatch(/<interface><name>10GE1\/0\/1<\/name><config><name>10GE1\/0\/1<\/name><mtu>9000<\/mtu><\/config>/);
    // Type, description and enabled went with the replace: the dialect refuses what is left.
    expect(() => intentOf(store, 'candidate')).toThrow();
  });

  it('with default-operation none, changes only what carries an operation and refuses levels that do not exist', () => {
    const store = provisioned();
    apply(store, iface('<config><mtu>1</mtu><description nc:operation="merge">only me</description></config>'), { defaultOperation: 'none' });
    const candidate = store.toData('candidate');
    expect(candidate).toContain('<description>only me</description>');
    expect(candidate).not.toContain('<mtu>1</mtu>');
    const missing = rpcError(() => apply(store, config(`<interfaces xmlns="${IF}"><interface><name>10GE9/9/9</name><config><mtu nc:operation="merge">1</mtu></config></interface></interfaces>`), { defaultOperation: 'none' }));
    expect(missing.first).toMatchObject({ tag: 'data-missing', path: '/interfaces/interface[name=10GE9/9/9]' });
  });

  it('with default-operation replace, makes the datastore the edit', () => {
    const store = provisioned();
    const b = leaf1();
    b.bridgeDomains = b.bridgeDomains.slice(0, 1);
    apply(store, ceNetconfDialect.render(b), { defaultOperation: 'replace' });
    expect(intentOf(store, 'candidate')).toEqual(canonicalize(b));
  });

  it('deletes a leaf-list value addressed by its value, and refuses to delete it twice', () => {
    const store = provisioned();
    apply(
      store,
      config(
        `<network-instances xmlns="${NI}"><network-instance><name>BD10002</name><evpn><evpn-instances><evpn-instance><evi>10002</evi>` +
          `<import-export-policy><config><import-route-target nc:operation="delete">65000:10002</import-route-target></config></import-export-policy>` +
          `</evpn-instance></evpn-instances></evpn></network-instance></network-instances>`,
      ),
    );
    expect(intentOf(store, 'candidate').bridgeDomains.find((bd) => bd.id === 10002)!.importRouteTargets).toEqual([]);
    const again = rpcError(() => apply(store, config(`<network-instances xmlns="${NI}"><network-instance><name>BD10002</name><evpn><evpn-instances><evpn-instance><evi>10002</evi><import-export-policy><config><import-route-target nc:operation="delete">65000:10002</import-route-target></config></import-export-policy></evpn-instance></evpn-instances></evpn></network-instance></network-instances>`)));
    expect(again.first).toMatchObject({ tag: 'data-missing', path: '/network-instances/network-instance[name=BD10002]/evpn/evpn-instances/evpn-instance[evi=10002]/import-export-policy/config/import-route-target[.=65000:10002]' });
  });

  it('continue-on-error applies every top-level element it can and reports every failure', () => {
    const store = provisioned();
    const error = rpcError(() =>
      apply(
        store,
        config(`<network-instances xmlns="${NI}"><network-instance nc:operation="delete"><name>nope</name></network-instance></network-instances>` + `<interfaces xmlns="${IF}"><interface><name>10GE1/0/1</name><config><description>applied</description></config></interface><interface nc:operation="create"><name>10GE1/0/1</name></interface></interfaces>`),
        { errorOption: 'continue-on-error' },
      ),
    );
    expect(error.errors.map((e) => e.tag)).toEqual(['data-missing', 'data-exists']);
    expect(store.toData('candidate')).toContain('<description>applied</description>');
  });

  it('needs the keys of a list entry', () => {
    const store = provisioned();
    const error = rpcError(() => apply(store, config(`<interfaces xmlns="${IF}"><interface><config><mtu>9000</mtu></config></interface></interfaces>`)));
    expect(error.first).toMatchObject({ type: 'protocol', tag: 'missing-element', info: { 'bad-element': 'name' } });
  });

  it('reads identity values whatever prefix the client bound to the module', () => {
    const store = new SwitchConfigStore(context);
    const rendered = ceNetconfDialect.render(leaf1()).replaceAll('oc-ni-types:', 'nit:').replace('xmlns:oc-ni-types=', 'xmlns:nit=');
    store.editConfig(admin, 'running', edit(rendered));
    expect(intentOf(store)).toEqual(canonicalize(leaf1()));
  });

  it('matches a list entry keyed by an identity written with another prefix', () => {
    const store = provisioned();
    const before = store.toData('candidate');
    apply(
      store,
      config(
        `<network-instances xmlns="${NI}"><network-instance><name>DEFAULT</name><protocols><protocol xmlns:p="http://openconfig.net/yang/policy-types">` +
          `<identifier>p:BGP</identifier><name>BGP</name><bgp><global><config><router-id>10.0.0.99</router-id></config></global></bgp></protocol></protocols></network-instance></network-instances>`,
      ),
    );
    const after = store.toData('candidate');
    expect(after.split('<identifier>').length).toBe(before.split('<identifier>').length);
    expect(after).toContain('<router-id>10.0.0.99</router-id>');
    expect(after).not.toContain('p:BGP');
  });

  it('refuses a VNI used by two bridge domains, naming the second', () => {
    const intent = leaf1();
    intent.bridgeDomains[1]!.l2Vni = intent.bridgeDomains[0]!.l2Vni;
    const store = new SwitchConfigStore(context);
    const error = rpcError(() => store.editConfig(admin, 'running', edit(ceNetconfDialect.render(intent))));
    expect(error.first).toMatchObject({ tag: 'invalid-value', path: '/network-instances/network-instance[name=BD10002]/evpn/evpn-instances/evpn-instance[evi=10002]/vxlan/config/vni' });
    expect(error.first.message).toMatch(/VNI 10001 is already used by bridge domain 10001/);
  });

  it('validates an inline config as the whole configuration', () => {
    const store = new SwitchConfigStore(context);
    store.validate(edit(ceNetconfDialect.render(leaf1())));
    expect(rpcError(() => store.validate(edit(config(`<interfaces xmlns="${IF}"/>`)))).first.tag).toBe('invalid-value');
  });

  it('logs every write to running with its writer', () => {
    const store = provisioned();
    store.editConfig({ sessionId: 9, username: 'ops' }, 'candidate', edit(iface('<config><description>x</description></config>')));
    store.commit({ sessionId: 9, username: 'ops' }, { revisionLabel: 'r2' });
    expect(store.commitLog.map(({ sessionId, username, operation, revisionLabel }) => ({ sessionId, username, operation, revisionLabel }))).toEqual([
      { sessionId: 7, username: 'admin', operation: 'edit-config', revisionLabel: undefined },
      { sessionId: 9, username: 'ops', operation: 'commit', revisionLabel: 'r2' },
    ]);
  });
});
