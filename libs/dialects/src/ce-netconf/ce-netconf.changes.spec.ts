import type { DeviceIntent } from '#intent';
import { describe, expect, it } from 'vitest';
import { diffIntent } from '../intent-diff.js';
import { ceNetconfDialect } from './ce-netconf.dialect.js';
import { editTrees } from './edit-diff.js';
import { intentTrees } from './render-intent.js';
import { applyEdit, normalizeTree } from './test-support/apply-edit.js';
import { outline } from './test-support/edit-outline.js';
import { fixtureIntent } from './test-support/fixture-intents.js';
import { mutateIntent, randomIntent } from './test-support/random-intent.js';
import { readConfigXml } from './xml-reader.js';

const leaf = (): DeviceIntent => structuredClone(fixtureIntent('handmade-netconf', 'leaf-1'));
const edit = (running: DeviceIntent | null, desired: DeviceIntent) => ceNetconfDialect.renderChanges(diffIntent(running, desired), running, desired);
const editOutline = (running: DeviceIntent | null, desired: DeviceIntent) => outline(readConfigXml(edit(running, desired)));
const treeOf = (i: DeviceIntent) => readConfigXml(ceNetconfDialect.render(i));

/** The running datastore after the edit, against the document of the desired intent. */
function expectConverges(running: DeviceIntent | null, desired: DeviceIntent, label = ''): void {
  const payload = edit(running, desired);
  const before = running ? treeOf(running) : readConfigXml('<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"/>');
  const after = payload ? applyEdit(before, readConfigXml(payload)) : before;
  expect(normalizeTree(after), label).toEqual(normalizeTree(treeOf(desired)));
}

describe('ce-netconf renderChanges', () => {
  it('is empty when nothing changes', () => {
    expect(edit(leaf(), leaf())).toBe('');
    expect(ceNetconfDialect.renderChanges([], leaf(), { ...leaf(), asn: 1 })).toBe('');
  });

  it('adds a VRF as one merged network-instance entry', () => {
    const desired = leaf();
    desired.vrfs.push({
      name: 'vpc-green',
      l3Vni: 50003,
      routeDistinguisher: '10.0.0.11:3',
      importRouteTargets: ['65000:50003'],
      exportRouteTargets: ['65000:50003'],
      staticRoutes: [],
      neighbors: [],
      networks: [],
      aggregates: [],
      advertiseIpv4Unicast: true,
    });
    const added = outline(intentTrees(desired).find((t) => t.name === 'network-instances')!) as Record<string, unknown>;
    expect(editOutline(leaf(), desired)).toEqual({
      'network-instances': { 'network-instance[name=vpc-green]': added['network-instance[name=vpc-green]'] },
    });
    expect(edit(leaf(), desired)).not.toContain('operation');
    expectConverges(leaf(), desired);
  });

  it('removes a bridge domain with its attachments, IRB and VRF binding', () => {
    const desired = leaf();
    desired.bridgeDomains = desired.bridgeDomains.filter((b) => b.id !== 10020);
    expect(editOutline(leaf(), desired)).toEqual({
      interfaces: {
        'interface[name=10GE1/0/10]': { subinterfaces: { 'subinterface[index=200] @delete': {} } },
        'interface[name=Vbdif10020] @delete': {},
      },
      'network-instances': {
        'network-instance[name=vpc-blue]': { interfaces: { 'interface[id=Vbdif10020] @delete': {} } },
        'network-instance[name=BD10020] @delete': {},
      },
    });
    expectConverges(leaf(), desired);
  });

  it('removes an interface entry that only held the last attachment', () => {
    const running = leaf();
    running.bridgeDomains[2]!.attachments.push({ interface: '10GE1/0/40', vlan: 400 });
    expect(editOutline(running, leaf())).toEqual({
      interfaces: { 'interface[name=10GE1/0/40] @delete': {} },
      'network-instances': { 'network-instance[name=BD10030]': { interfaces: { 'interface[id=10GE1/0/40.400] @delete': {} } } },
    });
    expectConverges(running, leaf());
  });

  it('changes a route target as one leaf-list delete and one merge', () => {
    const desired = leaf();
    desired.vrfs[0]!.exportRouteTargets = ['65000:59999'];
    desired.bridgeDomains[0]!.importRouteTargets = ['65000:10010', '65000:19999'];
    expect(editOutline(leaf(), desired)).toEqual({
      'network-instances': {
        'network-instance[name=vpc-blue]': {
          'inter-instance-policies': {
            'import-export-policy': {
              config: { 'export-route-target[.=65000:50001] @delete': '65000:50001', 'export-route-target[.=65000:59999]': '65000:59999' },
            },
          },
        },
        'network-instance[name=BD10010]': {
          evpn: { 'evpn-instances': { 'evpn-instance[evi=10010]': { 'import-export-policy': { config: { 'import-route-target[.=65000:19999]': '65000:19999' } } } } },
        },
      },
    });
    expectConverges(leaf(), desired);
  });

  it('removes a fabric peer (unnumbered) and a VRF peer', () => {
    const desired = leaf();
    desired.bgp.neighbors = desired.bgp.neighbors.filter((n) => n.peer !== '10GE1/0/2');
    desired.vrfs[0]!.neighbors = [];
    const bgp = (inst: string, content: object) => ({
      [`network-instance[name=${inst}]`]: { protocols: { 'protocol[identifier=oc-pol-types:BGP][name=BGP]': { bgp: content } } },
    });
    expect(editOutline(leaf(), desired)).toEqual({
      'network-instances': {
        ...bgp('DEFAULT', { 'spx:interface-neighbors': { 'spx:interface-neighbor[interface=10GE1/0/2] @delete': {} } }),
        ...bgp('vpc-blue', { 'neighbors @delete': {} }),
      },
    });
    expectConverges(leaf(), desired);
  });

  it('modifies an ACL rule by its sequence, touching only the changed leaf', () => {
    const desired = leaf();
    desired.acls[0]!.rules[1]!.destinationPort = '9000-9090';
    expect(editOutline(leaf(), desired)).toEqual({
      acl: {
        'acl-sets': {
          'acl-set[name=vpc-blue-web-in][type=oc-acl:ACL_IPV4]': {
            'acl-entries': { 'acl-entry[sequence-id=10]': { transport: { config: { 'destination-port': '9000..9090' } } } },
          },
        },
      },
    });
    expectConverges(leaf(), desired);
  });

  it('deletes a leaf whose value goes away', () => {
    const desired = leaf();
    desired.interfaces[2]!.description = '';
    expect(editOutline(leaf(), desired)).toEqual({ interfaces: { 'interface[name=10GE1/0/10]': { config: { 'description @delete': {} } } } });
  });

  it('writes only what the given changes own', () => {
    const desired = leaf();
    desired.acls[0]!.rules[1]!.destinationPort = '9000-9090';
    desired.vrfs[1]!.advertiseIpv4Unicast = true;
    const aclOnly = diffIntent(leaf(), desired).filter((c) => c.section.startsWith('acl'));
    const payload = ceNetconfDialect.renderChanges(aclOnly, leaf(), desired);
    expect(Object.keys(outline(readConfigXml(payload)) as object)).toEqual(['acl']);
  });

  it('converges from nothing, and for 200 generated changes, with the same edit as a whole-document diff', () => {
    expectConverges(null, leaf(), 'from nothing');
    for (let seed = 1; seed <= 200; seed++) {
      const running = randomIntent(seed);
      const desired = seed % 10 === 0 ? randomIntent(seed + 1000) : mutateIntent(running, seed + 5000);
      expectConverges(running, desired, `seed ${seed}`);
      const whole = editTrees(intentTrees(running), intentTrees(desired), 'all');
      const payload = edit(running, desired);
      expect(payload ? normalizeTree(readConfigXml(payload)) : undefined, `seed ${seed}: scoped edit misses part of the difference`).toEqual(
        whole.length ? normalizeTree(readConfigXml(ceNetconfDialectWrite(whole))) : undefined,
      );
    }
  });
});

import { writeConfig as ceNetconfDialectWrite } from './xml-writer.js';
