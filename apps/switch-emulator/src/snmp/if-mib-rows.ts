import { counter64Buffer, IF_STATUS, IF_TYPE, wrap32 } from '#drivers';
import type { EmulatedInterface, EmulatedInterfaceKind, SystemInfo } from '../oper/operational-view.js';

/**
 * The MIB values one interface and the system group show, computed from the OperationalView (pure
 * functions, so the SNMP agent serves exactly what docs/operational-state.md says).
 */
const IF_TYPE_OF: Record<EmulatedInterfaceKind, number> = {
  ethernet: IF_TYPE.ethernetCsmacd,
  loopback: IF_TYPE.softwareLoopback,
  nve: IF_TYPE.other,
  vbdif: IF_TYPE.other,
};

const MAX_GAUGE32 = 4_294_967_295;

/** TimeTicks (hundredths of a second) from boot to `at`, never negative, modulo 2^32. */
export function timeTicksSince(boot: Date, at: Date): number {
  const ticks = Math.floor((at.getTime() - boot.getTime()) / 10);
  return ticks <= 0 ? 0 : ticks % 2 ** 32;
}

/** `00:e0:fc:12:34:56` → its 6 octets; anything else (no MAC) → an empty string. */
export function physAddress(mac: string): Buffer {
  const hex = mac.replace(/[:.-]/g, '');
  return /^[0-9a-fA-F]{12}$/.test(hex) ? Buffer.from(hex, 'hex') : Buffer.alloc(0);
}

/** ifEntry row, in the agent's ifTable column order (see snmp-agent.ts). */
export function ifTableRow(i: EmulatedInterface, boot: Date): unknown[] {
  const c = i.counters;
  return [
    i.ifIndex,
    i.name,
    IF_TYPE_OF[i.kind],
    i.mtu,
    Math.min(MAX_GAUGE32, i.speedMbps * 1_000_000),
    physAddress(i.macAddress),
    i.adminUp ? IF_STATUS.up : IF_STATUS.down,
    i.operUp ? IF_STATUS.up : IF_STATUS.down,
    timeTicksSince(boot, i.lastChange),
    wrap32(c.inOctets),
    wrap32(c.inPackets),
    wrap32(c.inErrors),
    wrap32(c.outOctets),
    wrap32(c.outPackets),
    wrap32(c.outErrors),
  ];
}

/** ifXEntry row (it augments ifEntry: the ifIndex comes first), in the agent's ifXTable column order. */
export function ifXTableRow(i: EmulatedInterface): unknown[] {
  const c = i.counters;
  return [
    i.ifIndex,
    i.name,
    counter64Buffer(c.inOctets),
    counter64Buffer(c.inPackets),
    counter64Buffer(c.outOctets),
    counter64Buffer(c.outPackets),
    Math.min(MAX_GAUGE32, i.speedMbps),
    i.description,
  ];
}

/** sysServices 6: layers 2 (datalink/subnetwork) and 3 (internet), as a switch-router says. */
export const SYS_SERVICES = 6;

export function systemValues(s: SystemInfo, now: Date): Record<'descr' | 'objectId' | 'upTime' | 'contact' | 'name' | 'location' | 'services', unknown> {
  return {
    descr: s.description,
    objectId: s.objectId,
    upTime: timeTicksSince(s.bootTime, now),
    contact: s.contact,
    name: s.name,
    location: s.location,
    services: SYS_SERVICES,
  };
}
