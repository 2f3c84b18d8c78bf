import { duplexPair } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { BgpSession, type BgpSessionHost } from './bgp-session.js';
import { WireLink } from './wire-protocol.js';

const links: WireLink[] = [];
const quiet = () => new Promise((resolve) => setTimeout(resolve, 30));
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not reached: ${check.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Two unnumbered sessions over one in-memory cable, driven by messages only (no ticks). */
function cabled(remoteAsOfB: number | 'external' = 'external') {
  const [a, b] = duplexPair();
  const [la, lb] = [new WireLink(a), new WireLink(b)];
  links.push(la, lb);
  const session = (asn: number, routerId: string, link: WireLink, remoteAs: number | 'external') => {
    const host: BgpSessionHost = { now: () => Date.now(), local: () => ({ asn, routerId }), carrier: () => ({ port: 'p1', link }), changed: () => {}, timers: { keepaliveMs: 60_000, holdMs: 180_000 } };
    const s = new BgpSession({ vrf: 'default', neighbor: { peer: 'p1', remoteAs, description: '', addressFamilies: ['l2vpn-evpn'] } }, host);
    link.onMessage = (m) => {
      if (m.t !== 'hello' && m.t !== 'refuse') s.receive(m, 'p1');
    };
    return s;
  };
  return { A: session(65001, '10.0.0.1', la, 'external'), B: session(65002, '10.0.0.2', lb, remoteAsOfB), la };
}

describe('BGP session state machine', () => {
  afterEach(() => links.splice(0).forEach((l) => l.close()));

  it('both ends opening at once end up established once, and then stay quiet', async () => {
    const { A, B } = cabled();
    A.start();
    B.start();
    expect([A.state, B.state]).toEqual(['opensent', 'opensent']);
    await until(() => A.state === 'established' && B.state === 'established');
    const sent = [A.msgSent, B.msgSent];
    await quiet();
    expect([A.msgSent, B.msgSent]).toEqual(sent);
    expect([A.establishedTransitions, B.establishedTransitions, A.remoteAs, B.remoteAs]).toEqual([1, 1, 65002, 65001]);
  });

  it('an open crossing into OpenConfirm is confirmed, not answered with another open', async () => {
    const { A, B } = cabled();
    const open = { t: 'open' as const, session: { mode: 'interface' as const }, asn: 65001, routerId: '10.0.0.1' };
    B.receive(open, 'p1');
    expect(B.state).toBe('openconfirm');
    const sent = B.msgSent;
    B.receive(open, 'p1');
    expect([B.state, B.msgSent]).toEqual(['openconfirm', sent + 1]);
    await until(() => A.state === 'established' && B.state === 'established');
    const settled = [A.msgSent, B.msgSent];
    await quiet();
    expect([A.msgSent, B.msgSent]).toEqual(settled);
  });

  it('a far end that restarts its session brings it back up', async () => {
    const { A, B } = cabled();
    A.start();
    await until(() => A.state === 'established' && B.state === 'established');
    B.stop();
    await until(() => A.state === 'active');
    B.start();
    await until(() => A.state === 'established' && B.state === 'established');
    expect(A.establishedTransitions).toBe(2);
  });

  it('a peer whose AS is not the configured one is told so and stays down', async () => {
    const { A, B } = cabled(65099);
    A.start();
    await until(() => B.state === 'active' && A.state === 'active');
    expect([A.establishedTransitions, B.establishedTransitions, B.remoteAs]).toEqual([0, 0, null]);
  });
});
