import type { DeviceIntent, DeviceRole } from '#intent';
import { BgpSession, type BgpSessionConfig, type BgpSessionHost } from './bgp-session.js';
import { DEFAULT_VRF, originatedRoutes, redistributedRoutes } from './route-origination.js';
import { type WireLink, type WireMessage, type WireRoute, routeKey } from './wire-protocol.js';

export interface BgpTimers {
  keepaliveMs: number;
  holdMs: number;
}

export interface BgpSpeakerHost extends Pick<BgpSessionHost, 'carrier' | 'changed'> {
  role: DeviceRole;
  intent(): DeviceIntent | undefined;
  timers: BgpTimers;
}

/**
 * The switch's BGP: one session per configured neighbour (default instance and VRFs), and what
 * each established session is sent. Spines, and route reflectors towards their clients, pass on
 * what they receive (next hop kept); every switch sends its own routes.
 */
export class BgpSpeaker {
  private readonly sessions = new Map<string, BgpSession>();
  private readonly sessionHost: BgpSessionHost;
  /** The AS and router ID the sessions were opened with. */
  private identity: string | undefined;

  constructor(private readonly host: BgpSpeakerHost) {
    const local = () => {
      const intent = host.intent();
      return intent ? { asn: intent.asn, routerId: intent.routerId } : undefined;
    };
    this.sessionHost = { now: () => Date.now(), local, carrier: (s) => host.carrier(s), changed: () => host.changed(), timers: host.timers };
  }

  all(): BgpSession[] {
    return [...this.sessions.values()];
  }

  /** Sessions follow the configuration: new neighbours start, removed ones stop, changed ones restart. */
  reconcile(intent: DeviceIntent | undefined): void {
    const wanted = new Map<string, BgpSessionConfig>();
    for (const n of intent?.bgp.neighbors ?? []) wanted.set(`${DEFAULT_VRF}|${n.peer}`, { vrf: DEFAULT_VRF, neighbor: n });
    for (const v of intent?.vrfs ?? []) for (const n of v.neighbors) wanted.set(`${v.name}|${n.peer}`, { vrf: v.name, neighbor: n });
    for (const [key, s] of this.sessions) {
      if (wanted.has(key)) continue;
      s.stop();
      this.sessions.delete(key);
    }
    for (const [key, config] of wanted) {
      const existing = this.sessions.get(key);
      if (existing) existing.reconfigure(config);
      else this.sessions.set(key, new BgpSession(config, this.sessionHost));
    }
    const identity = intent ? `${intent.asn} ${intent.routerId}` : undefined;
    const changed = this.identity !== undefined && identity !== this.identity;
    this.identity = identity;
    if (changed) for (const s of this.sessions.values()) s.restart();
    this.startAll();
  }

  /** Something changed under the sessions (a link came up, a hello arrived): the idle ones try again. */
  startAll(): void {
    for (const s of this.sessions.values()) s.start();
  }

  portDown(port: string): void {
    for (const s of this.sessions.values()) if (s.port === port) s.carrierLost();
  }

  /** Whether an established EVPN session runs over the port (it carries VXLAN traffic). */
  carriesEvpn(port: string): boolean {
    return this.all().some((s) => s.port === port && s.state === 'established' && s.families.includes('l2vpn-evpn'));
  }

  /** A BGP message from a cable: to its session, or refused when no neighbour is configured for it. */
  receive(port: string, link: WireLink, m: Exclude<WireMessage, { t: 'hello' | 'refuse' }>): void {
    const routerId = this.host.intent()?.routerId;
    const session = this.all().find((s) => s.matches(m.session, port, routerId));
    if (session) return session.receive(m, port);
    if (m.t === 'open') {
      const key = m.session.mode === 'interface' ? m.session : { mode: 'address' as const, from: m.session.to, to: m.session.from };
      link.send({ t: 'notification', session: key, reason: 'no such peer configured' });
    }
  }

  tick(): void {
    for (const s of this.sessions.values()) s.tick();
  }

  stop(): void {
    for (const s of this.sessions.values()) s.stop();
  }

  /** Sends every established session what it should have now. */
  advertiseAll(): void {
    const established = this.all().filter((s) => s.state === 'established');
    for (const s of established) {
      const passOn = this.host.role === 'spine' || s.config.neighbor.routeReflectorClient === true;
      const routes: WireRoute[] = this.localRoutes(s.vrf);
      if (passOn) for (const o of established) if (o !== s && o.vrf === s.vrf) routes.push(...o.adjIn.values());
      const families = new Set(s.families.map((f) => (f === 'l2vpn-evpn' ? 'evpn' : 'ipv4')));
      const unique = new Map<string, WireRoute>();
      for (const r of routes) if (families.has(r.family) && !unique.has(routeKey(r))) unique.set(routeKey(r), r);
      s.advertise([...unique.values()]);
    }
  }

  /** The default instance's routes: originated first, then received (a route may come over several sessions). */
  defaultRib(): WireRoute[] {
    const received = this.all()
      .filter((s) => s.vrf === DEFAULT_VRF && s.state === 'established')
      .flatMap((s) => [...s.adjIn.values()]);
    return [...this.localRoutes(DEFAULT_VRF), ...received];
  }

  /** What this switch advertises into an instance: its own routes, and on leaves the VRF routes it learned, as type 5. */
  private localRoutes(vrf: string): WireRoute[] {
    const intent = this.host.intent();
    if (!intent) return [];
    const own = originatedRoutes(intent, vrf);
    if (vrf !== DEFAULT_VRF) return own;
    const learned = new Map<string, WireRoute[]>();
    for (const s of this.all()) if (s.vrf !== DEFAULT_VRF && s.state === 'established') learned.set(s.vrf, [...(learned.get(s.vrf) ?? []), ...s.adjIn.values()]);
    return [...own, ...redistributedRoutes(intent, learned)];
  }
}
