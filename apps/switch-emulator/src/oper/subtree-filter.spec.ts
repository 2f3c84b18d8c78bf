import { XmlElement } from '#drivers';
import { describe, expect, it } from 'vitest';
import { type ConfigNode, writeTree } from '../device/config-tree.js';
import { applySubtreeFilter } from './subtree-filter.js';

const IF = 'http://openconfig.net/yang/interfaces';
const LLDP = 'http://openconfig.net/yang/lldp';
const leaf = (name: string, value: string, ns = IF): ConfigNode => ({ ns, name, value, children: [] });
const node = (name: string, children: ConfigNode[], ns = IF): ConfigNode => ({ ns, name, children });
const entry = (name: string, oper: string) => node('interface', [leaf('name', name), node('state', [leaf('oper-status', oper), leaf('mtu', '9000')])]);
const DATA = [node('interfaces', [entry('100GE1/0/1', 'UP'), entry('100GE1/0/2', 'DOWN')]), node('lldp', [], LLDP)];

const filtered = (filter: string) => writeTree('data', applySubtreeFilter(DATA, XmlElement.parseDocument(`<filter xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">${filter}</filter>`)));
const data = (inner: string) => `<data xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">${inner}</data>`;

describe('subtree filter over the combined tree', () => {
  it('selects a whole top-level container with an empty element', () => {
    expect(filtered(`<lldp xmlns="${LLDP}"/>`)).toBe(data(`<lldp xmlns="${LLDP}"></lldp>`));
  });

  it('selects one list entry by its key and, below it, one container', () => {
    expect(filtered(`<interfaces xmlns="${IF}"><interface><name>100GE1/0/2</name><state><oper-status/></state></interface></interfaces>`)).toBe(
      data(`<interfaces xmlns="${IF}"><interface><name>100GE1/0/2</name><state><oper-status>DOWN</oper-status></state></interface></interfaces>`),
    );
  });

  it('keeps all of an entry when the filter holds only content matches', () => {
    expect(filtered(`<interfaces xmlns="${IF}"><interface><name>100GE1/0/1</name></interface></interfaces>`)).toContain('<mtu>9000</mtu>');
  });

  it('selects entries by a non-key content match deeper down', () => {
    const out = filtered(`<interfaces xmlns="${IF}"><interface><state><oper-status>UP</oper-status></state></interface></interfaces>`);
    expect(out).toContain('100GE1/0/1');
    expect(out).not.toContain('100GE1/0/2');
  });

  it('selects nothing for a key no entry has, or a namespace that does not match', () => {
    expect(filtered(`<interfaces xmlns="${IF}"><interface><name>Eth9</name></interface></interfaces>`)).toBe(data(''));
    expect(filtered(`<interfaces xmlns="urn:other"/>`)).toBe(data(''));
  });
});
