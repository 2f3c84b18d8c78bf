import type { DeviceInterfaceEntity, DeviceSnmpSettingsEntity } from '#persistence';

export interface SnmpSettingsView {
  deviceId: string;
  port: number;
  hasCommunity: true;
  enabled: boolean;
  updatedAt: string;
  lastPollAt: string | null;
  lastPollError: string | null;
}

/** Counters leave as decimal strings: JSON numbers lose precision above 2^53. */
export interface DeviceInterfaceView {
  ifIndex: number;
  name: string;
  adminUp: boolean;
  operUp: boolean;
  counters: { inOctets: string; outOctets: string; inPackets: string; outPackets: string; inErrors: string; outErrors: string };
  counterBits: number;
  polledAt: string;
  statusTrapAt: string | null;
}

export function settingsView(s: DeviceSnmpSettingsEntity): SnmpSettingsView {
  return {
    deviceId: s.deviceId,
    port: s.port,
    hasCommunity: true,
    enabled: s.enabled,
    updatedAt: s.updatedAt.toISOString(),
    lastPollAt: s.lastPollAt?.toISOString() ?? null,
    lastPollError: s.lastPollError,
  };
}

export function interfaceView(i: DeviceInterfaceEntity): DeviceInterfaceView {
  return {
    ifIndex: i.ifIndex,
    name: i.name,
    adminUp: i.adminUp,
    operUp: i.operUp,
    counters: {
      inOctets: i.inOctets.toString(),
      outOctets: i.outOctets.toString(),
      inPackets: i.inPackets.toString(),
      outPackets: i.outPackets.toString(),
      inErrors: i.inErrors.toString(),
      outErrors: i.outErrors.toString(),
    },
    counterBits: i.counterBits,
    polledAt: i.polledAt.toISOString(),
    statusTrapAt: i.statusTrapAt?.toISOString() ?? null,
  };
}
