import { createHash } from 'node:crypto';
import type { DeviceRole } from '#intent';
import type { EmulatedInterfaceKind } from './operational-view.js';

/** What `display version`, the platform component and SNMP sysDescr report. */
export const SOFTWARE_VERSION = '8.200 (Spinel emulated CloudEngine)';
export const VENDOR = 'Spinel';
/** Spinel's private arc under enterprises, then product 1 (emulated switch) model 1. */
export const SYSTEM_OBJECT_ID = '1.3.6.1.4.1.57005.1.1';

const range = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

/** The chassis model per role: the hardware a role is sold on. */
export function chassisModel(role: DeviceRole): string {
  return role === 'vswitch' ? 'CE-EMU-VS4' : 'CE-EMU-48S6CQ';
}

/** The physical ports of a chassis, in ifIndex order. */
export function chassisPorts(role: DeviceRole): string[] {
  if (role === 'vswitch') return Array.from({ length: 4 }, (_, i) => `Eth${i}`);
  return [...range('10GE1/0/', 48), ...range('100GE1/0/', 6)];
}

/** Stable per switch name, so a restarted emulator keeps its ESN: `SPX` + 8 hex digits. */
export function serialNumber(name: string): string {
  return `SPX${createHash('sha256').update(name).digest('hex').slice(0, 8).toUpperCase()}`;
}

/** Huawei's OUI, two bytes from the switch name, one from the port's position: unique within a fabric. */
export function macAddress(switchName: string, portIndex: number): string {
  const h = createHash('sha256').update(switchName).digest();
  return ['00', 'e0', 'fc', h[0]!, h[1]!, portIndex & 0xff].map((b) => (typeof b === 'string' ? b : b.toString(16).padStart(2, '0'))).join(':');
}

export function interfaceKind(name: string): EmulatedInterfaceKind {
  if (/^LoopBack/i.test(name)) return 'loopback';
  if (/^Nve/i.test(name)) return 'nve';
  if (/^Vbdif/i.test(name)) return 'vbdif';
  return 'ethernet';
}

/** Nominal speed in Mb/s: from the port name's prefix; logical interfaces have none. */
export function portSpeedMbps(name: string): number {
  const m = /^(\d+)GE/.exec(name);
  if (m) return Number(m[1]) * 1000;
  return /^Eth\d/.test(name) ? 10_000 : 0;
}

/** OpenConfig's identity for a port speed. */
export function speedIdentity(mbps: number): string {
  return mbps >= 1000 ? `SPEED_${mbps / 1000}GB` : mbps > 0 ? `SPEED_${mbps}MB` : 'SPEED_UNKNOWN';
}
