import type { InterfaceCounters, InterfaceState } from '../../driver/device-driver.js';
import { type DisplayLine, colonMac, columns, displayLines, malformed, parseCount } from './display-output.js';

export interface InterfaceBriefRow {
  name: string;
  /** PHY column: `up`, `down`, `*down` (administratively down). */
  phy: 'up' | 'down' | '*down';
  protocolUp: boolean;
  inErrors: number;
  outErrors: number;
}

/** `display interface brief`: one row per interface after the `Interface  PHY  Protocol …` header. */
export function parseInterfaceBrief(output: string): InterfaceBriefRow[] {
  const command = 'display interface brief';
  const lines = displayLines(output);
  const header = lines.findIndex((l) => /^Interface\s+PHY\s+Protocol\b/.test(l.text.trim()));
  if (header < 0) throw malformed(command, undefined, 'has no "Interface PHY Protocol …" header');
  const rows: InterfaceBriefRow[] = [];
  for (const line of lines.slice(header + 1)) {
    const cells = columns(line.text);
    if (cells.length === 0) continue;
    if (cells.length !== 7) throw malformed(command, line, `has ${cells.length} columns, not 7`);
    const [name, phy, protocol, , , inErrors, outErrors] = cells as [string, string, string, string, string, string, string];
    if (phy !== 'up' && phy !== 'down' && phy !== '*down') throw malformed(command, line, `PHY "${phy}" is not up, down or *down`);
    if (!/^(up|down)(\(\w+\))?$/.test(protocol)) throw malformed(command, line, `Protocol "${protocol}" is not up or down`);
    rows.push({ name, phy, protocolUp: protocol.startsWith('up'), inErrors: parseCount(command, line, inErrors, 'inErrors'), outErrors: parseCount(command, line, outErrors, 'outErrors') });
  }
  return rows;
}

export interface InterfaceDetail {
  state: InterfaceState;
  counters: InterfaceCounters;
}

const HEADER = /^(\S+) current state : (UP|DOWN|Administratively DOWN)(?: \(ifindex: \d+\))?$/;

/** `display interface`: one block per interface, each opened by `<name> current state : …`. */
export function parseDisplayInterface(output: string): InterfaceDetail[] {
  const blocks: DisplayLine[][] = [];
  for (const line of displayLines(output)) {
    const text = line.text.trim();
    if (text === '') continue;
    if (/ current state : /.test(text) && !text.startsWith('Line protocol')) blocks.push([line]);
    else if (blocks.length === 0) throw malformed('display interface', line, 'comes before any "<interface> current state : …" line');
    else blocks.at(-1)!.push(line);
  }
  return blocks.map(parseBlock);
}

function parseBlock(block: DisplayLine[]): InterfaceDetail {
  const command = 'display interface';
  const head = block[0]!;
  const h = HEADER.exec(head.text.trim());
  if (!h) throw malformed(command, head, 'is not "<interface> current state : UP|DOWN|Administratively DOWN (ifindex: N)"');
  const name = h[1]!;
  const state: InterfaceState = { name, description: '', adminUp: h[2] !== 'Administratively DOWN', operUp: h[2] === 'UP', mtu: 0, speedMbps: 0, macAddress: '' };
  const seen = new Set<string>();
  const counters = { inOctets: 0n, outOctets: 0n, inPackets: 0n, outPackets: 0n, inErrors: 0n, outErrors: 0n };
  for (const line of block.slice(1)) {
    const text = line.text.trim();
    const expect = (re: RegExp, what: string): RegExpExecArray => {
      const m = re.exec(text);
      if (!m) throw malformed(command, line, `is not ${what}`);
      seen.add(what);
      return m;
    };
    if (text.startsWith('Description:')) state.description = text.slice('Description:'.length).trim();
    else if (text.includes('Maximum Transmit Unit')) state.mtu = Number(expect(/The Maximum Transmit Unit is (\d+)$/, '"… The Maximum Transmit Unit is <mtu>"')[1]);
    else if (text.includes('Hardware address')) {
      const mac = colonMac(expect(/Hardware address is (\S+)$/, '"… Hardware address is <mac>"')[1]!);
      if (!mac) throw malformed(command, line, 'has a hardware address that is not xxxx-xxxx-xxxx');
      state.macAddress = mac;
    } else if (text.startsWith('Speed:')) state.speedMbps = Number(expect(/^Speed: (\d+),/, '"Speed: <Mb/s>, …"')[1]);
    else if (text.startsWith('Input errors:') || text.startsWith('Output errors:')) {
      const m = expect(/^Input errors: (\d+), Output errors: (\d+)$/, 'errors');
      counters.inErrors = BigInt(m[1]!);
      counters.outErrors = BigInt(m[2]!);
    } else if (text.startsWith('Input:')) {
      const m = expect(/^Input: (\d+) bytes, (\d+) packets$/, 'input');
      counters.inOctets = BigInt(m[1]!);
      counters.inPackets = BigInt(m[2]!);
    } else if (text.startsWith('Output:')) {
      const m = expect(/^Output: (\d+) bytes, (\d+) packets$/, 'output');
      counters.outOctets = BigInt(m[1]!);
      counters.outPackets = BigInt(m[2]!);
    }
  }
  for (const what of ['input', 'output', 'errors']) {
    if (!seen.has(what)) throw malformed(command, head, `block has no ${what} counters line`);
  }
  return { state, counters: { name, ...counters } };
}
