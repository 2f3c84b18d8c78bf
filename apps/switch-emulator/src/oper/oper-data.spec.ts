import { XmlElement } from '#drivers';
import { afterEach, describe, expect, it } from 'vitest';
import { SwitchConfigStore } from '../device/switch-config-store.js';
import { operationalData } from './oper-data.js';
import { SwitchOperations } from './switch-operations.js';

const opened: SwitchOperations[] = [];
function factorySwitch(role: 'spine' | 'vswitch' = 'spine') {
  const store = new SwitchConfigStore({ device: 'spine-9', role });
  const oper = new SwitchOperations({ store, role });
  opened.push(oper);
  return { store, oper };
}

describe('<get> of a switch out of the box', () => {
  afterEach(() => opened.splice(0).forEach((o) => o.close()));

  it('has system and platform state, every chassis port as a state-only entry, and empty LLDP and EVPN trees', () => {
    const { store, oper } = factorySwitch();
    const doc = XmlElement.parseDocument(operationalData(store, oper));
    expect(doc.children().map((c) => c.local)).toEqual(['system', 'interfaces', 'components', 'lldp', 'evpn-state']);
    expect(doc.child('system')?.child('state')?.child('hostname')?.text()).toBe('spine-9');
    const ports = doc.child('interfaces')!.children();
    expect(ports).toHaveLength(54);
    expect(ports.every((p) => p.child('config') === undefined && p.child('state')?.child('oper-status')?.text() === 'DOWN')).toBe(true);
    expect(ports[0]!.child('ethernet')?.child('state')?.child('port-speed')?.text()).toBe('oc-eth:SPEED_10GB');
    expect(doc.child('lldp')?.child('interfaces')?.children()).toEqual([]);
    expect(doc.child('evpn-state')?.child('routes')?.children()).toEqual([]);
    expect(doc.child('components')?.child('component')?.child('state')?.child('type')?.text()).toBe('oc-platform-types:CHASSIS');
  });

  it('a vswitch has four ports', () => {
    const { store, oper } = factorySwitch('vswitch');
    const names = XmlElement.parseDocument(operationalData(store, oper)).child('interfaces')!.children().map((i) => i.child('name')?.text());
    expect(names).toEqual(['Eth0', 'Eth1', 'Eth2', 'Eth3']);
  });
});
