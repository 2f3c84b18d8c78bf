import type { EmulatedInterface } from '../oper/operational-view.js';
import { left, right, vrpMac } from './display-format.js';

/** `display interface brief`. */
export function displayInterfaceBrief(interfaces: readonly EmulatedInterface[]): string {
  const lines = ['PHY: Physical', '*down: administratively down', 'InUti/OutUti: input utility rate/output utility rate', 'Interface                  PHY      Protocol  InUti OutUti   inErrors  outErrors'];
  for (const i of interfaces) {
    const phy = !i.adminUp ? '*down' : i.operUp ? 'up' : 'down';
    const protocol = i.operUp ? (i.kind === 'loopback' ? 'up(s)' : 'up') : 'down';
    const uti = i.kind === 'ethernet' && i.operUp ? '0.01%' : '0%';
    lines.push(`${left(i.name, 27)}${left(phy, 9)}${left(protocol, 10)}${right(uti, 5)}${right(uti, 7)}${right(String(i.counters.inErrors), 11)}${right(String(i.counters.outErrors), 11)}`);
  }
  return lines.join('\n');
}

/** `display interface [name]`: one block per interface, a blank line between. */
export function displayInterfaces(interfaces: readonly EmulatedInterface[]): string {
  return interfaces.map(block).join('\n\n');
}

function block(i: EmulatedInterface): string {
  const state = i.operUp ? 'UP' : i.adminUp ? 'DOWN' : 'Administratively DOWN';
  const lines = [`${i.name} current state : ${state} (ifindex: ${i.ifIndex})`, `Line protocol current state : ${i.operUp ? 'UP' : 'DOWN'}`, `Description: ${i.description}`, `Route Port,The Maximum Transmit Unit is ${i.mtu}`];
  if (i.kind === 'ethernet') {
    lines.push(`IP Sending Frames' Format is PKTFMT_ETHNT_2, Hardware address is ${vrpMac(i.macAddress)}`, `Speed: ${i.speedMbps}, Loopback: NONE`);
  }
  const c = i.counters;
  lines.push(
    'Statistics last cleared:never',
    `    Input: ${c.inOctets} bytes, ${c.inPackets} packets`,
    `    Output: ${c.outOctets} bytes, ${c.outPackets} packets`,
    `    Input errors: ${c.inErrors}, Output errors: ${c.outErrors}`,
  );
  return lines.join('\n');
}
