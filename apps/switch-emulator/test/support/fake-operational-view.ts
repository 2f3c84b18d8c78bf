import type { Facts } from '#drivers';
import type { EmulatedInterface, LinkChange, OperationalView, SystemInfo } from '../../src/oper/operational-view.js';

/** An hour before the test run: sysUpTime and ifLastChange count from here. */
export const BOOT_TIME = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);

/** A test fixture: an OperationalView whose interfaces, counters and link changes the test sets. */
export class FakeOperationalView implements OperationalView {
  private readonly ifs = new Map<number, EmulatedInterface>();
  private readonly listeners = new Set<(change: LinkChange) => void>();
  sys: SystemInfo = {
    name: 'leaf-1',
    description: 'VRP (R) software, Version 8.200 (Spinel emulated CloudEngine)',
    objectId: '1.3.6.1.4.1.57005.1.1',
    contact: 'noc@spinel.test',
    location: 'rack 1',
    bootTime: BOOT_TIME,
  };

  constructor(interfaces: EmulatedInterface[] = []) {
    for (const i of interfaces) this.put(i);
  }

  /** Adds or replaces an interface (no link change is reported: use setOper for that). */
  put(i: EmulatedInterface): this {
    this.ifs.set(i.ifIndex, structuredClone(i));
    return this;
  }

  remove(ifIndex: number): this {
    this.ifs.delete(ifIndex);
    return this;
  }

  get(ifIndex: number): EmulatedInterface {
    const i = this.ifs.get(ifIndex);
    if (!i) throw new Error(`no interface ${ifIndex} in the fake view`);
    return i;
  }

  setCounters(ifIndex: number, counters: Partial<Omit<EmulatedInterface['counters'], 'name'>>): this {
    Object.assign(this.get(ifIndex).counters, counters);
    return this;
  }

  /** Changes oper (and optionally admin) status and tells the listeners, as the real view does. */
  setOper(ifIndex: number, operUp: boolean, adminUp?: boolean): this {
    const i = this.get(ifIndex);
    i.operUp = operUp;
    if (adminUp !== undefined) i.adminUp = adminUp;
    i.lastChange = new Date();
    for (const l of this.listeners) l({ ifIndex, name: i.name, operUp, adminUp: i.adminUp });
    return this;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  system(): SystemInfo {
    return this.sys;
  }

  facts(): Facts {
    return {
      hostname: this.sys.name,
      vendor: 'Spinel',
      model: 'CE-EMU-48S6CQ',
      osVersion: '8.200 (Spinel emulated CloudEngine)',
      serialNumber: 'SPX4C3A9F01',
      uptimeSeconds: Math.floor((Date.now() - this.sys.bootTime.getTime()) / 1000),
      interfaces: this.interfaces().map((i) => i.name),
    };
  }

  interfaces(): EmulatedInterface[] {
    return [...this.ifs.values()].sort((a, b) => a.ifIndex - b.ifIndex).map((i) => structuredClone(i));
  }

  bgpNeighbors() {
    return [];
  }

  lldpNeighbors() {
    return [];
  }

  evpnRoutes() {
    return [];
  }

  vxlanTunnels() {
    return [];
  }

  onLinkChange(listener: (change: LinkChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** An interface with sensible defaults: an up 100GE port unless told otherwise. */
export function anInterface(over: Partial<EmulatedInterface> & { ifIndex: number; name: string }): EmulatedInterface {
  return {
    description: '',
    adminUp: true,
    operUp: true,
    mtu: 9000,
    speedMbps: 100_000,
    macAddress: '00:e0:fc:12:34:56',
    kind: 'ethernet',
    lastChange: new Date(BOOT_TIME.getTime() + 1000),
    ...over,
    counters: { name: over.name, inOctets: 0n, outOctets: 0n, inPackets: 0n, outPackets: 0n, inErrors: 0n, outErrors: 0n, ...over.counters },
  };
}
