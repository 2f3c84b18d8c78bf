import { ceNetconfDialect } from '#dialects';
import { XmlElement, type BgpNeighborState, type EvpnRoute, type Facts, type LldpNeighbor } from '#drivers';
import type { DeviceIntent, DeviceRole } from '#intent';
import type { SwitchConfigStore } from '../device/switch-config-store.js';
import { BgpSession, type BgpSessionConfig } from './bgp-session.js';
import { SOFTWARE_VERSION, SYSTEM_OBJECT_ID, VENDOR, chassisModel, chassisPorts, interfaceKind, macAddress, portSpeedMbps, serialNumber } from './chassis.js';
import type { EmulatedInterface, LinkChange, OperationalView, SystemInfo, VxlanTunnel } from './operational-view.js';
import { CONTROL_BPS, type Port, TrafficCounter, VXLAN_BPS } from './ports.js';
import { DEFAULT_VRF, localL2Vnis, originatedRoutes } from './route-origination.js';
import { type WireLink, type WireMessage, type WireRoute, routeKey } from './wire-protocol.js';

export interface BgpTimers {
  keepaliveMs: number;
  holdMs: number;
}

export interface SwitchOperationsOptions {
  store: SwitchConfigStore;
  role: DeviceRole;
  timers?: Partial<BgpTimers & { lldpIntervalMs: number }>;
  log?: (message: string) => void;
}

/** What an interface's configuration says (`interfaces/interface/config`). */
interface ConfiguredInterface {
  description: string;
  mtu: number | undefined;
}

interface TunnelRecord extends VxlanTunnel {
  id: number;
}

const FIRST_TUNNEL_ID = 4026531841;
/** How often the running configuration is looked at for a change. */
const CONFIG_POLL_MS = 100;

/**
 * The live state of one emulated switch (see docs/operational-state.md): its ports and the cables
 * on them, the BGP sessions its running configuration asks for, the routes they exchange and the
 * VXLAN tunnels those routes build. It follows the running configuration (commit, rollback), the
 * cables (connect, disconnect, the far end going away) and admin state of its ports.
 */
export class SwitchOperations implements OperationalView {
  readonly bootTime = new Date();
  readonly timers: BgpTimers & { lldpIntervalMs: number };
  private readonly ports = new Map<string, Port>();
  private nextIfIndex = 1;
  private readonly sessions = new Map<string, BgpSession>();
  private readonly tunnels = new Map<string, TunnelRecord>();
  private readonly listeners = new Set<(change: LinkChange) => void>();
  private configured = new Map<string, ConfiguredInterface>();
  private intentValue: DeviceIntent | undefined;
  private hostnameValue: string;
  private revision = -1;
  private recomputeQueued = false;
  private lastKeepalive = 0;
  private lastHello = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly o: SwitchOperationsOptions) {
    this.timers = { keepaliveMs: 10_000, holdMs: 30_000, lldpIntervalMs: 30_000, ...o.timers };
    this.hostnameValue = o.store.context.device;
    chassisPorts(o.role).forEach((name, i) => this.portFor(name, i + 1));
    this.refresh();
    this.timer = setInterval(() => this.tick(), Math.min(CONFIG_POLL_MS, this.timers.keepaliveMs));
    this.timer.unref();
  }

  get role(): DeviceRole {
    return this.o.role;
  }

  get hostname(): string {
    this.refresh();
    return this.hostnameValue;
  }

  /** The running configuration as an intent; undefined in the factory state. */
  get intent(): DeviceIntent | undefined {
    this.refresh();
    return this.intentValue;
  }

  // ---- OperationalView ----

  system(): SystemInfo {
    return { name: this.hostname, description: `VRP (R) software, Version ${SOFTWARE_VERSION}`, objectId: SYSTEM_OBJECT_ID, contact: '', location: '', bootTime: this.bootTime };
  }

  facts(): Facts {
    return {
      hostname: this.hostname,
      vendor: VENDOR,
      model: chassisModel(this.o.role),
      osVersion: SOFTWARE_VERSION,
      serialNumber: serialNumber(this.o.store.context.device),
      uptimeSeconds: Math.floor((Date.now() - this.bootTime.getTime()) / 1000),
      interfaces: this.interfaces().map((i) => i.name),
    };
  }

  interfaces(): EmulatedInterface[] {
    this.refresh();
    const now = Date.now();
    const listed = [...this.ports.values()].filter((p) => p.slot > 0 || this.configured.has(p.name) || (p.kind === 'nve' && this.intentValue?.vtepSource));
    return listed
      .sort((a, b) => a.ifIndex - b.ifIndex)
      .map((p) => {
        const c = this.configured.get(p.name);
        return {
          name: p.name,
          ifIndex: p.ifIndex,
          kind: p.kind,
          description: c?.description ?? '',
          adminUp: p.adminUp,
          operUp: p.operUp,
          mtu: c?.mtu ?? (p.kind === 'ethernet' ? 1500 : 1500),
          speedMbps: portSpeedMbps(p.name),
          macAddress: p.kind === 'ethernet' ? macAddress(this.o.store.context.device, p.slot) : '',
          lastChange: new Date(p.lastChange),
          counters: { name: p.name, ...p.traffic.read(now), inErrors: 0n, outErrors: 0n },
        };
      });
  }

  bgpNeighbors(): BgpNeighborState[] {
    const now = Date.now();
    return this.bgpSessions().map((s) => ({
      vrf: s.vrf,
      peer: s.peer,
      remoteAs: s.remoteAs,
      state: s.state,
      uptimeSeconds: Math.floor((now - s.upDownSince) / 1000),
      prefixesReceived: s.adjIn.size,
    }));
  }

  /** The sessions with their message counters and timestamps (the CLI and `<get>` show more than BgpNeighborState). */
  bgpSessions(): BgpSession[] {
    this.refresh();
    return [...this.sessions.values()];
  }

  lldpNeighbors(): LldpNeighbor[] {
    return this.cabledPorts().map((p) => ({ localInterface: p.name, remoteSystem: p.remote!.system, remoteInterface: p.remote!.port }));
  }

  /** Up ports with a neighbour, and when its hello expires (seconds). */
  lldpExpiry(port: string): number {
    const p = this.ports.get(port);
    if (!p?.remote) return 0;
    return Math.max(0, Math.ceil((p.remote.heardAt + 4 * this.timers.lldpIntervalMs - Date.now()) / 1000));
  }

  evpnRoutes(): EvpnRoute[] {
    const seen = new Set<string>();
    const out: EvpnRoute[] = [];
    for (const r of this.defaultRib()) {
      const key = `${r.type}|${r.rd}|${r.prefix}`;
      if (r.family !== 'evpn' || seen.has(key)) continue;
      seen.add(key);
      out.push({ type: r.type!, routeDistinguisher: r.rd!, prefix: r.prefix, vni: r.vni!, nextHop: r.nextHop });
    }
    return out;
  }

  vxlanTunnels(): VxlanTunnel[] {
    return this.tunnelRecords().map(({ id: _id, ...t }) => ({ ...t, vnis: [...t.vnis] }));
  }

  /** Tunnels with their display IDs. */
  tunnelRecords(): TunnelRecord[] {
    this.refresh();
    return [...this.tunnels.values()].sort((a, b) => a.id - b.id);
  }

  onLinkChange(listener: (change: LinkChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- cabling and ports ----

  /** Whether a port exists on this switch (a chassis port, or a configured one). */
  hasPort(name: string): boolean {
    this.refresh();
    return this.ports.has(name);
  }

  /** Puts a cable end into a port; the far end is known once its hello arrives. */
  attach(portName: string, link: WireLink): void {
    const port = this.ports.get(portName);
    if (!port || port.kind !== 'ethernet') throw new Error(`${this.hostnameValue} has no port ${portName}`);
    if (port.link && !port.link.closed) throw new Error(`${this.hostnameValue} ${portName} is already cabled`);
    port.link = link;
    port.remote = undefined;
    link.onMessage = (m) => this.received(port, link, m);
    link.onClose = () => this.detached(port, link);
    this.sendHello(port);
  }

  /** Whether a port has a cable in it now. */
  cabled(portName: string): boolean {
    const link = this.ports.get(portName)?.link;
    return !!link && !link.closed;
  }

  /** `shutdown` / `undo shutdown` of a port. */
  setAdminUp(portName: string, up: boolean): void {
    const port = this.ports.get(portName);
    if (!port) throw new Error(`${this.hostnameValue} has no interface ${portName}`);
    port.adminUp = up;
    this.sendHello(port);
    this.updateOper(port);
  }

  /** Stops the timers and pulls every cable (the switch is shutting down). */
  close(): void {
    clearInterval(this.timer);
    for (const s of this.sessions.values()) s.stop();
    for (const p of this.ports.values()) p.link?.close('switch shut down');
  }

  // ---- internals ----

  private portFor(name: string, slot = 0): Port {
    let port = this.ports.get(name);
    if (!port) {
      const now = Date.now();
      port = { name, ifIndex: this.nextIfIndex++, kind: interfaceKind(name), slot, adminUp: true, operUp: false, lastChange: now, traffic: new TrafficCounter(now) };
      this.ports.set(name, port);
    }
    return port;
  }

  private cabledPorts(): Port[] {
    this.refresh();
    return [...this.ports.values()].filter((p) => p.operUp && p.remote).sort((a, b) => a.ifIndex - b.ifIndex);
  }

  /** Re-reads the running configuration when it changed since the last look. */
  private refresh(): void {
    const revision = this.o.store.commitLog.length + this.o.store.rollbacks.length;
    if (revision === this.revision) return;
    this.revision = revision;
    const data = XmlElement.parseDocument(this.o.store.toData('running'));
    this.hostnameValue = data.child('system')?.child('config')?.child('hostname')?.text() ?? this.o.store.context.device;
    this.configured = new Map();
    for (const i of data.child('interfaces')?.children() ?? []) {
      const config = i.child('config');
      const name = i.child('name')?.text();
      if (!name) continue;
      const mtu = config?.child('mtu')?.text();
      this.configured.set(name, { description: config?.child('description')?.text() ?? '', mtu: mtu ? Number(mtu) : undefined });
    }
    try {
      this.intentValue = data.children().length > 1 ? ceNetconfDialect.parse(this.o.store.toConfig('running'), this.o.store.context) : undefined;
    } catch (error) {
      this.o.log?.(`running configuration does not read as an intent: ${error instanceof Error ? error.message : String(error)}`);
      this.intentValue = undefined;
    }
    if (this.intentValue?.vtepSource) this.portFor('Nve1');
    for (const name of this.configured.keys()) this.portFor(name);
    for (const p of this.ports.values()) if (p.kind !== 'ethernet') this.updateOper(p);
    this.reconcileSessions();
    for (const p of this.ports.values()) if (p.link && !p.link.closed) this.sendHello(p);
    this.queueRecompute();
  }

  private reconcileSessions(): void {
    const wanted = new Map<string, BgpSessionConfig>();
    const intent = this.intentValue;
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
    for (const s of this.sessions.values()) s.start();
  }

  private readonly sessionHost = {
    now: () => Date.now(),
    local: () => (this.intentValue ? { asn: this.intentValue.asn, routerId: this.intentValue.routerId } : undefined),
    carrier: (s: BgpSession) => {
      const port = s.numbered ? [...this.ports.values()].find((p) => p.operUp && p.remote?.routerId === s.peer) : this.ports.get(s.peer);
      return port?.operUp && port.link && !port.link.closed ? { port: port.name, link: port.link } : undefined;
    },
    changed: () => this.queueRecompute(),
    timers: this.timersView(),
  };

  private timersView(): BgpTimers {
    const self = this;
    return {
      get keepaliveMs() {
        return self.timers.keepaliveMs;
      },
      get holdMs() {
        return self.timers.holdMs;
      },
    };
  }

  private received(port: Port, link: WireLink, m: WireMessage): void {
    if (port.link !== link) return;
    if (m.t === 'hello') {
      port.remote = { system: m.system, port: m.port, adminUp: m.adminUp, heardAt: Date.now(), ...(m.routerId ? { routerId: m.routerId } : {}) };
      this.updateOper(port);
      for (const s of this.sessions.values()) s.start();
      return;
    }
    if (m.t === 'refuse' || !port.operUp) return;
    const session = [...this.sessions.values()].find((s) => s.matches(m.session, port.name, this.intentValue?.routerId));
    if (session) return session.receive(m, port.name);
    if (m.t === 'open') {
      const key = m.session.mode === 'interface' ? m.session : { mode: 'address' as const, from: m.session.to, to: m.session.from };
      link.send({ t: 'notification', session: key, reason: 'no such peer configured' });
    }
  }

  private detached(port: Port, link: WireLink): void {
    if (port.link !== link) return;
    port.link = undefined;
    port.remote = undefined;
    this.updateOper(port);
  }

  private sendHello(port: Port): void {
    const routerId = this.intentValue?.routerId;
    port.link?.send({ t: 'hello', system: this.hostnameValue, port: port.name, adminUp: port.adminUp, ...(routerId ? { routerId } : {}) });
  }

  private updateOper(port: Port): void {
    const up = port.kind === 'ethernet' ? port.adminUp && !!port.link && !port.link.closed && !!port.remote?.adminUp : port.adminUp && (this.configured.has(port.name) || port.kind === 'nve');
    if (up === port.operUp) return;
    port.operUp = up;
    port.lastChange = Date.now();
    this.setTraffic(port);
    if (port.kind === 'ethernet') {
      for (const s of this.sessions.values()) {
        if (!up && s.port === port.name) s.carrierLost();
        if (up) s.start();
      }
    }
    const change: LinkChange = { ifIndex: port.ifIndex, name: port.name, operUp: up, adminUp: port.adminUp };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.o.log?.(`link change listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private setTraffic(port: Port): void {
    if (port.kind !== 'ethernet') return;
    const vxlan = port.operUp && [...this.sessions.values()].some((s) => s.port === port.name && s.state === 'established' && s.families.includes('l2vpn-evpn'));
    const extra = vxlan ? VXLAN_BPS : 0;
    port.traffic.setRate(Date.now(), port.operUp ? CONTROL_BPS.in + extra : 0, port.operUp ? CONTROL_BPS.out + extra : 0);
  }

  private tick(): void {
    this.refresh();
    const now = Date.now();
    if (now - this.lastKeepalive >= this.timers.keepaliveMs) {
      this.lastKeepalive = now;
      for (const s of this.sessions.values()) s.tick();
    }
    if (now - this.lastHello >= this.timers.lldpIntervalMs) {
      this.lastHello = now;
      for (const p of this.ports.values()) this.sendHello(p);
    }
  }

  private queueRecompute(): void {
    if (this.recomputeQueued) return;
    this.recomputeQueued = true;
    setImmediate(() => {
      this.recomputeQueued = false;
      this.recompute();
    });
  }

  /** Advertises to every established session what it should have, rebuilds tunnels, sets traffic rates. */
  private recompute(): void {
    const intent = this.intentValue;
    const established = [...this.sessions.values()].filter((s) => s.state === 'established');
    for (const s of established) {
      const passOn = this.o.role === 'spine' || s.config.neighbor.routeReflectorClient === true;
      const routes: WireRoute[] = intent ? originatedRoutes(intent, s.vrf) : [];
      if (passOn) for (const o of established) if (o !== s && o.vrf === s.vrf) routes.push(...o.adjIn.values());
      const families = new Set(s.families.map((f) => (f === 'l2vpn-evpn' ? 'evpn' : 'ipv4')));
      const unique = new Map<string, WireRoute>();
      for (const r of routes) if (families.has(r.family) && !unique.has(routeKey(r))) unique.set(routeKey(r), r);
      s.advertise([...unique.values()]);
    }
    this.rebuildTunnels();
    for (const p of this.ports.values()) this.setTraffic(p);
  }

  /** The default instance's routes: originated first, then received (a route may come over several sessions). */
  private defaultRib(): WireRoute[] {
    const intent = this.intent;
    const local = intent ? originatedRoutes(intent, DEFAULT_VRF) : [];
    const received = [...this.sessions.values()].filter((s) => s.vrf === DEFAULT_VRF && s.state === 'established').flatMap((s) => [...s.adjIn.values()]);
    return [...local, ...received];
  }

  private rebuildTunnels(): void {
    const vtep = this.intentValue?.vtepSource;
    const vnis = localL2Vnis(this.intentValue);
    const byDestination = new Map<string, Set<number>>();
    if (vtep) {
      for (const r of this.defaultRib()) {
        if (r.family !== 'evpn' || r.type !== 3 || r.nextHop === vtep || !vnis.has(r.vni!)) continue;
        byDestination.set(r.nextHop, (byDestination.get(r.nextHop) ?? new Set()).add(r.vni!));
      }
    }
    const now = new Date();
    for (const [destination, set] of byDestination) {
      const t = this.tunnels.get(destination) ?? { id: FIRST_TUNNEL_ID + this.tunnels.size, source: vtep!, destination, state: 'down', vnis: [], upSince: now };
      if (t.state === 'down') Object.assign(t, { state: 'up', upSince: now });
      t.source = vtep!;
      t.vnis = [...set].sort((a, b) => a - b);
      this.tunnels.set(destination, t);
    }
    for (const [destination, t] of this.tunnels) if (!byDestination.has(destination)) t.state = 'down';
  }
}
