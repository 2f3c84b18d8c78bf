import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XmlElement } from '#drivers';
import { afterEach, describe, expect, it } from 'vitest';
import { readEditTree } from '../device/config-tree.js';
import { SwitchConfigStore } from '../device/switch-config-store.js';
import { SwitchOperations } from '../oper/switch-operations.js';
import { displayOperational } from './display-commands.js';
import { upDown, vrpMac } from './display-format.js';

const PROMPT = '<leaf-1>'.length;
const switches: SwitchOperations[] = [];

/** leaf-1 of the l2-bridge case, alone: nothing cabled, so every session is idle. */
function leaf1(configured = true): SwitchOperations {
  const store = new SwitchConfigStore({ device: 'leaf-1', role: 'leaf' });
  if (configured) {
    const xml = readFileSync(join(import.meta.dirname, '../../../../fixtures/ce-netconf/l2-bridge/leaf-1.xml'), 'utf8');
    store.editConfig({ sessionId: 1, username: 'admin' }, 'running', readEditTree(XmlElement.parseDocument(xml)), { defaultOperation: 'replace' });
  }
  const oper = new SwitchOperations({ store, role: 'leaf' });
  switches.push(oper);
  return oper;
}
const show = (oper: SwitchOperations, line: string) => displayOperational(oper, line, PROMPT)?.replace(/\r\n/g, '\n');

describe('operational display commands', () => {
  afterEach(() => switches.splice(0).forEach((s) => s.close()));

  it('leaves other display commands to the session', () => {
    expect(show(leaf1(false), 'display current-configuration')).toBeUndefined();
    expect(show(leaf1(false), 'display foo')).toBeUndefined();
  });

  it.each([
    ['display interface 100GE1/0/9', 18, 'Wrong parameter'],
    ['display interface brie', 18, 'Wrong parameter'],
    ['display bgp peers', 12, 'Unrecognized command'],
    ['display bgp vpnv4 all', 21, 'Incomplete command'],
    ['display vxlan tunnel extra', 21, 'Unrecognized command'],
    ['display esn now', 12, 'Unrecognized command'],
  ])('%s: caret at column %i, %s', (line, column, what) => {
    expect(show(leaf1(false), line)).toBe(`${' '.repeat(PROMPT + column)}^\nError: ${what} found at '^' position.\n`);
  });

  it('prints idle sessions with AS 0 before the peer announced one', () => {
    const out = show(leaf1(), 'display bgp peer')!;
    expect(out).toContain(' Total number of peers : 2                 Peers in established state : 0\n');
    expect(out).toMatch(/^ {2}100GE1\/0\/1 +4 +0 +0 +0 +0 +\d\d:\d\d:\d\d +Idle +0$/m);
  });

  it('prints a logical interface without hardware address or speed, and takes the name in any case', () => {
    const out = show(leaf1(), 'display interface loopback0')!;
    expect(out.split('\n')[0]).toMatch(/^LoopBack0 current state : UP \(ifindex: \d+\)$/);
    expect(out).not.toMatch(/Hardware address|Speed:/);
  });

  it('prints an administratively down port', () => {
    const oper = leaf1();
    oper.setAdminUp('10GE1/0/2', false);
    expect(show(oper, 'display interface 10GE1/0/2')!.split('\n')[0]).toMatch(/^10GE1\/0\/2 current state : Administratively DOWN/);
    expect(show(oper, 'display interface brief')).toMatch(/^10GE1\/0\/2 +\*down +down +0% +0% +0 +0$/m);
  });

  it('prints a section of an empty EVPN table as its count only', () => {
    const out = show(leaf1(false), 'display bgp evpn all routing-table')!;
    expect(out).toContain(' Number of Mac Routes: 0\n\n Number of Inclusive Multicast Routes: 0\n\n Number of Ip Prefix Routes: 0\n');
    expect(show(leaf1(false), 'display vxlan tunnel')).toMatch(/^Number of vxlan tunnel : 0\n/);
  });

  it('formats durations and MAC addresses the way VRP does', () => {
    expect([upDown(0), upDown(3725), upDown(86_399), upDown(90_000 + 7200)]).toEqual(['00:00:00', '01:02:05', '23:59:59', '1d3h']);
    expect(vrpMac('00:E0:FC:12:34:56')).toBe('00e0-fc12-3456');
  });
});
