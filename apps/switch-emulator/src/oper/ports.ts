import type { EmulatedInterfaceKind } from './operational-view.js';
import type { WireLink } from './wire-protocol.js';

/** Who is at the far end of a cable, as its last hello said. */
export interface RemoteEnd {
  system: string;
  port: string;
  adminUp: boolean;
  routerId?: string;
  heardAt: number;
}

/** Bytes per packet the emulated traffic averages: packets are derived from octets. */
const BYTES_PER_PACKET = 150;

/**
 * 64-bit interface counters computed from elapsed time: octets grow at the current rate while the
 * interface is up; changing the rate first folds what the old one produced, so readings never go back.
 */
export class TrafficCounter {
  private inOctets = 0;
  private outOctets = 0;
  private inRate = 0;
  private outRate = 0;
  private since: number;

  constructor(now: number) {
    this.since = now;
  }

  /** Bytes per second in each direction from `now` on (0 while down). */
  setRate(now: number, inBps: number, outBps: number): void {
    this.fold(now);
    this.inRate = inBps;
    this.outRate = outBps;
  }

  read(now: number): { inOctets: bigint; outOctets: bigint; inPackets: bigint; outPackets: bigint } {
    this.fold(now);
    const inOctets = BigInt(Math.floor(this.inOctets));
    const outOctets = BigInt(Math.floor(this.outOctets));
    return { inOctets, outOctets, inPackets: inOctets / BigInt(BYTES_PER_PACKET), outPackets: outOctets / BigInt(BYTES_PER_PACKET) };
  }

  private fold(now: number): void {
    const dt = Math.max(0, now - this.since) / 1000;
    this.inOctets += this.inRate * dt;
    this.outOctets += this.outRate * dt;
    this.since = Math.max(this.since, now);
  }
}

/** One interface of the switch: a chassis port, or a logical interface the configuration names. */
export interface Port {
  name: string;
  ifIndex: number;
  kind: EmulatedInterfaceKind;
  /** Position on the chassis (MAC address), 0 for logical interfaces. */
  slot: number;
  /** Ethernet ports only (empty otherwise). */
  macAddress: string;
  adminUp: boolean;
  operUp: boolean;
  lastChange: number;
  link?: WireLink;
  remote?: RemoteEnd;
  traffic: TrafficCounter;
}

/** Traffic while up: LLDP/BGP-like chatter, plus VXLAN on ports that carry an EVPN session. */
export const CONTROL_BPS = { in: 1_500, out: 1_600 };
export const VXLAN_BPS = 12_000;
