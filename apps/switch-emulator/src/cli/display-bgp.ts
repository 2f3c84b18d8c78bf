import type { BgpSession } from '../oper/bgp-session.js';
import { DEFAULT_VRF } from '../oper/route-origination.js';
import type { SwitchOperations } from '../oper/switch-operations.js';
import { left, right, upDown } from './display-format.js';

const STATE_WORDS: Record<BgpSession['state'], string> = { idle: 'Idle', connect: 'Connect', active: 'Active', opensent: 'OpenSent', openconfirm: 'OpenConfirm', established: 'Established' };
const COLUMNS = '  Peer            V          AS  MsgRcvd  MsgSent  OutQ  Up/Down       State  PrefRcv';

/** `display bgp peer`: the default instance's sessions. */
export function displayBgpPeer(oper: SwitchOperations): string {
  const sessions = oper.bgpSessions().filter((s) => s.vrf === DEFAULT_VRF);
  return [...header(oper, sessions), '', COLUMNS, ...sessions.map(row)].join('\n');
}

/** `display bgp vpnv4 all peer`: VRF sessions, one section per VRF. */
export function displayBgpVpnv4Peer(oper: SwitchOperations): string {
  const sessions = oper.bgpSessions().filter((s) => s.vrf !== DEFAULT_VRF);
  const routerId = oper.intent?.routerId ?? '0.0.0.0';
  const lines = header(oper, sessions);
  for (const vrf of [...new Set(sessions.map((s) => s.vrf))].sort()) {
    lines.push('', ` VPN-Instance ${vrf}, Router ID ${routerId}:`, COLUMNS, ...sessions.filter((s) => s.vrf === vrf).map(row));
  }
  return lines.join('\n');
}

function header(oper: SwitchOperations, sessions: readonly BgpSession[]): string[] {
  const intent = oper.intent;
  const up = sessions.filter((s) => s.state === 'established').length;
  return [` BGP local router ID : ${intent?.routerId ?? '0.0.0.0'}`, ` Local AS number : ${intent?.asn ?? 0}`, ` ${`Total number of peers : ${sessions.length}`.padEnd(42)}Peers in established state : ${up}`];
}

function row(s: BgpSession): string {
  const since = (Date.now() - s.upDownSince) / 1000;
  return `  ${left(s.peer, 16)}4${right(s.remoteAs ?? 0, 12)}${right(s.msgRcvd, 9)}${right(s.msgSent, 9)}${right(0, 6)} ${left(upDown(since), 9)}${right(STATE_WORDS[s.state], 11)}${right(s.adjIn.size, 9)}`;
}
