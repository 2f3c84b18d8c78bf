import type { BgpNeighborState } from '../../driver/device-driver.js';
import { columns, displayLines, malformed, parseCount, type DisplayLine } from './display-output.js';

const STATES: Record<string, BgpNeighborState['state']> = {
  Idle: 'idle',
  Connect: 'connect',
  Active: 'active',
  OpenSent: 'opensent',
  OpenConfirm: 'openconfirm',
  Established: 'established',
};

/** Lines of the peer tables that are not rows. */
const SUMMARY = /^(BGP local router ID|Local AS number|Total number of peers)\b/;

/**
 * `display bgp peer` (every row in VRF `default`) or `display bgp vpnv4 all peer` (rows under a
 * ` VPN-Instance <vrf>, Router ID <id>:` heading belong to that VRF).
 */
export function parseBgpPeers(output: string, command: 'display bgp peer' | 'display bgp vpnv4 all peer'): BgpNeighborState[] {
  let vrf: string | undefined = command === 'display bgp peer' ? 'default' : undefined;
  const peers: BgpNeighborState[] = [];
  for (const line of displayLines(output)) {
    const text = line.text.trim();
    if (text === '' || SUMMARY.test(text) || /^Peer\s+V\s+AS\b/.test(text)) continue;
    const section = /^VPN-Instance (\S+), Router ID \S+:$/.exec(text);
    if (section) {
      if (command === 'display bgp peer') throw malformed(command, line, 'a VPN instance heading in the default instance table');
      vrf = section[1]!;
      continue;
    }
    if (vrf === undefined) throw malformed(command, line, 'a peer row before any "VPN-Instance <vrf>, Router ID <id>:" heading');
    peers.push(peerRow(command, line, vrf));
  }
  return peers;
}

function peerRow(command: string, line: DisplayLine, vrf: string): BgpNeighborState {
  const cells = columns(line.text);
  if (cells.length !== 9) throw malformed(command, line, `is not a peer row (${cells.length} columns, not 9)`);
  const [peer, , as, , , , upDown, stateWord, prefRcv] = cells as [string, string, string, string, string, string, string, string, string];
  const state = STATES[stateWord];
  if (!state) throw malformed(command, line, `state "${stateWord}" is not one of ${Object.keys(STATES).join(' ')}`);
  const remoteAs = parseCount(command, line, as, 'AS');
  const elapsed = upDownSeconds(upDown);
  if (elapsed === undefined) throw malformed(command, line, `Up/Down "${upDown}" is neither HH:MM:SS nor <d>d<h>h`);
  return {
    vrf,
    peer,
    remoteAs: remoteAs === 0 ? null : remoteAs,
    state,
    // Up/Down is the time since the last change either way; it is an uptime only while established.
    uptimeSeconds: state === 'established' ? elapsed : 0,
    prefixesReceived: parseCount(command, line, prefRcv, 'PrefRcv'),
  };
}

/** `00:10:12` or `3d04h` in seconds. */
export function upDownSeconds(text: string): number | undefined {
  const hms = /^(\d+):(\d{2}):(\d{2})$/.exec(text);
  if (hms) return (Number(hms[1]) * 60 + Number(hms[2])) * 60 + Number(hms[3]);
  const dh = /^(\d+)d(\d+)h$/.exec(text);
  if (dh) return (Number(dh[1]) * 24 + Number(dh[2])) * 3600;
  return undefined;
}
