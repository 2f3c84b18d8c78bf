import type { AddressFamily, BgpNeighborIntent } from '#intent';
import type { BgpNeighborState } from '#drivers';
import { type SessionKey, type WireLink, type WireMessage, type WireRoute, routeKey } from './wire-protocol.js';

export type BgpState = BgpNeighborState['state'];

/** What a session needs from its switch. */
export interface BgpSessionHost {
  now(): number;
  /** The switch's own AS and router ID; undefined while it has no BGP configured. */
  local(): { asn: number; routerId: string } | undefined;
  /** The cable the session runs over while that cable is up: the named port, or the port whose far end is the peer's address. */
  carrier(session: BgpSession): { port: string; link: WireLink } | undefined;
  /** Received routes or the session's state changed: re-advertise, rebuild tunnels. */
  changed(): void;
  timers: { keepaliveMs: number; holdMs: number };
}

export interface BgpSessionConfig {
  vrf: string;
  neighbor: BgpNeighborIntent;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * One configured BGP peer and its finite-state machine: Idle (nothing to run over), Active (no answer
 * yet), OpenSent, OpenConfirm, Established. Opens carry the AS, which must match what the neighbor
 * is configured with (`external`: any other AS, `internal`: the same); keepalives keep the hold
 * timer from expiring; updates and withdraws carry the routes.
 */
export class BgpSession {
  state: BgpState = 'idle';
  remoteAs: number | null = null;
  remoteRouterId: string | undefined;
  msgRcvd = 0;
  msgSent = 0;
  /** When the session entered or left Established (Up/Down). */
  upDownSince: number;
  lastEstablished: number | undefined;
  establishedTransitions = 0;
  readonly adjIn = new Map<string, WireRoute>();
  private adjOut = new Map<string, string>();
  private lastHeard = 0;
  private stateSince: number;
  private boundPort: string | undefined;

  constructor(
    public config: BgpSessionConfig,
    private readonly host: BgpSessionHost,
  ) {
    this.stateSince = this.upDownSince = host.now();
  }

  get vrf(): string {
    return this.config.vrf;
  }

  get peer(): string {
    return this.config.neighbor.peer;
  }

  /** Numbered: the peer is an address (its loopback); unnumbered: a local interface. */
  get numbered(): boolean {
    return IPV4.test(this.peer);
  }

  get families(): readonly AddressFamily[] {
    return this.config.neighbor.addressFamilies;
  }

  /** The port the session runs over now, if any. */
  get port(): string | undefined {
    return this.boundPort;
  }

  /** Whether an incoming message with this key on `port` is for this session. */
  matches(key: SessionKey, port: string, routerId: string | undefined): boolean {
    if (key.mode === 'interface') return !this.numbered && this.peer === port;
    return this.numbered && key.from === this.peer && key.to === routerId;
  }

  /** A new configuration of the same peer: a changed AS or family set restarts the session. */
  reconfigure(config: BgpSessionConfig): void {
    const before = JSON.stringify(this.config.neighbor);
    this.config = config;
    if (JSON.stringify(config.neighbor) !== before && this.state !== 'idle') this.reset('configuration changed', 'idle');
  }

  /** Tries to bring the session up (a no-op unless it is Idle or Active). */
  start(): void {
    if (this.state !== 'idle' && this.state !== 'active') return;
    const carrier = this.host.carrier(this);
    const local = this.host.local();
    if (!carrier || !local) return this.setState(this.numbered && local ? 'active' : 'idle');
    this.boundPort = carrier.port;
    this.send({ t: 'open', session: this.key(), asn: local.asn, routerId: local.routerId });
    this.setState('opensent');
  }

  receive(m: WireMessage, port: string): void {
    this.msgRcvd++;
    this.lastHeard = this.host.now();
    switch (m.t) {
      case 'open':
        return this.opened(m.asn, m.routerId, port);
      case 'keepalive':
        if (this.state === 'openconfirm') this.established();
        return;
      case 'update':
        if (this.state !== 'established') return;
        for (const r of m.routes) if (r.originator !== this.host.local()?.routerId) this.adjIn.set(routeKey(r), r);
        return this.host.changed();
      case 'withdraw':
        if (this.state !== 'established') return;
        for (const k of m.keys) this.adjIn.delete(k);
        return this.host.changed();
      case 'notification':
        if (this.state !== 'idle') this.reset(`peer said: ${m.reason}`, 'active', false);
        return;
      default:
        return;
    }
  }

  /** The cable or port under the session went down. */
  carrierLost(): void {
    if (this.state === 'idle') return;
    this.reset('carrier lost', this.numbered ? 'active' : 'idle', false);
  }

  /** Periodic: keepalives, the hold timer, and retries of sessions that are not up. */
  tick(): void {
    const now = this.host.now();
    const { keepaliveMs, holdMs } = this.host.timers;
    if (this.state === 'established') {
      if (now - this.lastHeard > holdMs) return this.reset('hold timer expired', 'active');
      this.send({ t: 'keepalive', session: this.key() });
      return;
    }
    if ((this.state === 'opensent' || this.state === 'openconfirm') && now - this.stateSince > holdMs) return this.reset('no answer to open', 'active');
    if ((this.state === 'idle' || this.state === 'active') && now - this.stateSince >= keepaliveMs) {
      this.stateSince = now;
      this.start();
    }
  }

  /** The routes to advertise now: sends the difference from what the peer has. */
  advertise(routes: readonly WireRoute[]): void {
    if (this.state !== 'established') return;
    const next = new Map(routes.filter((r) => r.originator !== this.remoteRouterId).map((r) => [routeKey(r), JSON.stringify(r)]));
    const added = [...next].filter(([k, v]) => this.adjOut.get(k) !== v).map(([, v]) => JSON.parse(v) as WireRoute);
    const removed = [...this.adjOut.keys()].filter((k) => !next.has(k));
    this.adjOut = next;
    if (added.length) this.send({ t: 'update', session: this.key(), routes: added });
    if (removed.length) this.send({ t: 'withdraw', session: this.key(), keys: removed });
  }

  /** The switch's own AS or router ID changed: what the peer was told no longer holds. */
  restart(): void {
    if (this.state !== 'idle' && this.state !== 'active') this.reset('local AS or router ID changed', 'idle');
    this.start();
  }

  /** The configuration no longer has this peer. */
  stop(): void {
    this.reset('peer deconfigured', 'idle');
  }

  private opened(asn: number, routerId: string, port: string): void {
    const local = this.host.local();
    if (!local) return;
    this.boundPort = port;
    if (!this.acceptsAs(asn, local.asn)) {
      this.send({ t: 'notification', session: this.key(), reason: `bad peer AS ${asn}` });
      return this.reset(`bad peer AS ${asn}`, 'active', false);
    }
    if (this.state === 'openconfirm') {
      // Both ends opened at once and this one crossed ours: confirm again, without opening anew
      // (answering with an open would make the far end answer in turn, forever).
      this.send({ t: 'keepalive', session: this.key() });
      return;
    }
    const wasSent = this.state === 'opensent';
    // An open on an established session: the far end restarted it.
    if (this.state === 'established') this.reset('peer reopened', 'active', false);
    this.remoteAs = asn;
    this.remoteRouterId = routerId;
    if (!wasSent) this.send({ t: 'open', session: this.key(), asn: local.asn, routerId: local.routerId });
    this.send({ t: 'keepalive', session: this.key() });
    this.setState('openconfirm');
  }

  private acceptsAs(asn: number, localAs: number): boolean {
    const want = this.config.neighbor.remoteAs;
    if (want === 'external') return asn !== localAs;
    if (want === 'internal') return asn === localAs;
    return asn === want;
  }

  private established(): void {
    this.setState('established');
    this.upDownSince = this.lastEstablished = this.host.now();
    this.establishedTransitions++;
    this.adjOut.clear();
    this.host.changed();
  }

  private reset(reason: string, to: BgpState, tell = true): void {
    if (tell && this.state !== 'idle') this.send({ t: 'notification', session: this.key(), reason });
    const wasUp = this.state === 'established';
    this.adjIn.clear();
    this.adjOut.clear();
    this.setState(to);
    if (wasUp) {
      this.upDownSince = this.host.now();
      this.host.changed();
    }
  }

  private setState(state: BgpState): void {
    if (state !== this.state) this.stateSince = this.host.now();
    this.state = state;
  }

  private key(): SessionKey {
    if (!this.numbered) return { mode: 'interface' };
    return { mode: 'address', from: this.host.local()?.routerId ?? '', to: this.peer };
  }

  private send(m: WireMessage): void {
    const carrier = this.host.carrier(this);
    if (!carrier || (this.boundPort !== undefined && carrier.port !== this.boundPort)) return;
    carrier.link.send(m);
    this.msgSent++;
  }
}
