import type { BgpNeighborState, EvpnRoute, Facts, LldpNeighbor } from '#drivers';
import type { DeviceIntent, DeviceRole } from '#intent';
import type { SwitchConfigStore } from '../device/switch-config-store.js';
import type { BgpSession } from './bgp-session.js';
import { BgpSpeaker, type BgpTimers } from './bgp-speaker.js';
import { SOFTWARE_VERSION, SYSTEM_OBJECT_ID, VENDOR, chassisModel, chassisPorts, interfaceKind, macAddress, portSpeedMbps, serialNumber } from './chassis.js';
import type { EmulatedInterface, LinkChange, OperationalView, SystemInfo, VxlanTunnel } from './operational-view.js';
import { CONTROL_BPS, type Port, TrafficCounter, VXLAN_BPS } from './ports.js';
import { localL2Vnis } from './route-origination.js';
import { type ConfiguredInterface, readRunning } from './running-config.js';
import { type TunnelRecord, VxlanTunnelTable } from './vxlan-tunnels.js';
import type { WireLink, WireMessage } from './wire-protocol.js';

export type { BgpTimers } from './bgp-speaker.js';

export interface SwitchOperationsOptions {
  store: SwitchConfigStore;
  role: DeviceRole;
  timers?: Partial<BgpTimers & { lldpIntervalMs: number }>;
  log?: (message: string) => void;
}

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
  private readonly bgp: BgpSpeaker;
  private readonly tunnels = new VxlanTunnelTable();
  private readonly listeners = new Set<(change: LinkChange) => void>();
  private configured = new Map<string, ConfiguredInterface>();
  private intentValue: DeviceIntent | undefined;
  private hostnameValue: string;
  private revision = -1;
  private recomputeQueued = false;
  private readonly logged = new Set<string>();
  private lastKeepalive = 0;
  private lastHello = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly o: SwitchOperationsOptions) {
    this.timers = { keepaliveMs: 10_000, holdMs: 30_000, lldpIntervalMs: 30_000, ...o.timers };
    this.hostnameValue = o.store.context.device;
    this.bgp = new BgpSpeaker({
      role: o.role,
      intent: () => this.intentValue,
      timers: this.timers,
      carrier: (s) => {
        const port = s.numbered ? [...this.ports.values()].find((p) => p.operUp && p.remote?.routerId === s.peer) : this.ports.get(s.peer);
        return port?.operUp && port.link && !port.link.closed ? { port: port.name, link: port.link } : undefined;
      },
      changed: () => this.queueRecompute(),
    });
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
          mtu: c?.mtu ?? 1500,
          speedMbps: portSpeedMbps(p.name),
          macAddress: p.macAddress,
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
    return this.bgp.all();
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
    this.refresh();
    const seen = new Set<string>();
    const out: EvpnRoute[] = [];
    for (const r of this.bgp.defaultRib()) {
      const key = `${r.type}|${r.rd}|${r.prefix}`;
      if (r.family !== 'evpn' || seen.has(key)) continue;
      seen.add(key);
      out.push({ type: r.type!, routeDistinguisher: r.rd!, prefix: r.prefix, vni: r.vni!, nextHop: r.nextHop });
    }
    return out;
  }

  vxlanTunnels(): VxlanTunnel[] {
    return this.tunnelRecords().map(({ id: _id, ...t }) => t);
  }

  /** Tunnels with their display IDs. */
  tunnelRecords(): TunnelRecord[] {
    this.refresh();
    return this.tunnels.records();
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
    this.bgp.stop();
    for (const p of this.ports.values()) p.link?.close('switch shut down');
  }

  // ---- internals ----

  private portFor(name: string, slot = 0): Port {
    let port = this.ports.get(name);
    if (!port) {
      const now = Date.now();
      const kind = interfaceKind(name);
      const mac = kind === 'ethernet' ? macAddress(this.o.store.context.device, slot || this.nextIfIndex) : '';
      port = { name, ifIndex: this.nextIfIndex++, kind, slot, macAddress: mac, adminUp: true, operUp: false, lastChange: now, traffic: new TrafficCounter(now) };
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
    const revision = this.o.store.runningVersion;
    if (revision === this.revision) return;
    this.revision = revision;
    const running = readRunning(this.o.store, this.o.log);
    this.hostnameValue = running.hostname;
    this.configured = running.interfaces;
    this.intentValue = running.intent;
    if (this.intentValue?.vtepSource) this.portFor('Nve1');
    for (const name of this.configured.keys()) this.portFor(name);
    for (const p of this.ports.values()) if (p.kind !== 'ethernet') this.updateOper(p);
    this.bgp.reconcile(this.intentValue);
    for (const p of this.ports.values()) if (p.link && !p.link.closed) this.sendHello(p);
    this.queueRecompute();
  }

  private received(port: Port, link: WireLink, m: WireMessage): void {
    if (port.link !== link) return;
    if (m.t === 'hello') {
      port.remote = { system: m.system, port: m.port, adminUp: m.adminUp, heardAt: Date.now(), ...(m.routerId ? { routerId: m.routerId } : {}) };
      this.updateOper(port);
      this.bgp.startAll();
      return;
    }
    if (m.t === 'refuse') return this.logOnce(`${port.name}: the far end refused the cable: ${m.reason}`);
    if (port.operUp) this.bgp.receive(port.name, link, m);
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
      if (up) this.bgp.startAll();
      else this.bgp.portDown(port.name);
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
    const vxlan = port.operUp && this.bgp.carriesEvpn(port.name);
    const extra = vxlan ? VXLAN_BPS : 0;
    port.traffic.setRate(Date.now(), port.operUp ? CONTROL_BPS.in + extra : 0, port.operUp ? CONTROL_BPS.out + extra : 0);
  }

  private tick(): void {
    this.refresh();
    const now = Date.now();
    if (now - this.lastKeepalive >= this.timers.keepaliveMs) {
      this.lastKeepalive = now;
      this.bgp.tick();
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
    this.bgp.advertiseAll();
    this.tunnels.rebuild(this.intentValue?.vtepSource, localL2Vnis(this.intentValue), this.bgp.defaultRib());
    for (const p of this.ports.values()) this.setTraffic(p);
  }

  private logOnce(message: string): void {
    if (this.logged.has(message)) return;
    this.logged.add(message);
    this.o.log?.(message);
  }
}
