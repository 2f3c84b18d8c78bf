import type { BgpNeighborState, EvpnRoute, Facts, InterfaceCounters, InterfaceState, LldpNeighbor } from '#drivers';

/** What kind of interface: decides ifType in IF-MIB and the OpenConfig `type`. */
export type EmulatedInterfaceKind = 'ethernet' | 'loopback' | 'nve' | 'vbdif';

/** One interface as the emulator's operational state knows it (the NETCONF `<get>`, the CLI and SNMP all read this). */
export interface EmulatedInterface extends InterfaceState {
  /** Stable for the life of the switch process (IF-MIB ifIndex, `display interface` "ifindex"). */
  ifIndex: number;
  kind: EmulatedInterfaceKind;
  /** When operUp last changed. */
  lastChange: Date;
  counters: InterfaceCounters;
}

export interface VxlanTunnel {
  source: string;
  destination: string;
  state: 'up' | 'down';
  /** VNIs this tunnel carries (shared by both ends), ascending. */
  vnis: number[];
  upSince: Date;
}

export interface LinkChange {
  ifIndex: number;
  name: string;
  operUp: boolean;
  adminUp: boolean;
}

export interface SystemInfo {
  /** sysName: the configured hostname. */
  name: string;
  /** sysDescr. */
  description: string;
  /** sysObjectID as dotted OID. */
  objectId: string;
  contact: string;
  location: string;
  bootTime: Date;
}

/**
 * The live state of one emulated switch: derived from its running configuration, its cabling
 * and the BGP sessions over it. Every reader (NETCONF `<get>`, the CLI's display commands, the
 * SNMP agent) goes through this one view, so they always agree. See docs/operational-state.md.
 */
export interface OperationalView {
  system(): SystemInfo;
  facts(): Facts;
  /** Ordered by ifIndex. Counters are current (they grow while an interface is up). */
  interfaces(): EmulatedInterface[];
  bgpNeighbors(): BgpNeighborState[];
  lldpNeighbors(): LldpNeighbor[];
  evpnRoutes(): EvpnRoute[];
  vxlanTunnels(): VxlanTunnel[];
  /** Called on every oper-status change (linkUp/linkDown traps are sent from here). Returns an unsubscribe. */
  onLinkChange(listener: (change: LinkChange) => void): () => void;
}
