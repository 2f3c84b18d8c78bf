/**
 * The SNMP objects Spinel reads and serves (SNMPv2-MIB system group, IF-MIB ifTable/ifXTable, the
 * linkDown/linkUp notifications), as numeric OIDs: Debian ships no MIB files, and numbers are what
 * travels on the wire anyway. See docs/operational-state.md ("SNMP") and docs/snmp.md.
 */
export const SYSTEM = '1.3.6.1.2.1.1';
export const SYS = {
  descr: `${SYSTEM}.1`,
  objectId: `${SYSTEM}.2`,
  upTime: `${SYSTEM}.3`,
  contact: `${SYSTEM}.4`,
  name: `${SYSTEM}.5`,
  location: `${SYSTEM}.6`,
  services: `${SYSTEM}.7`,
} as const;

export const IF_NUMBER = '1.3.6.1.2.1.2.1';
/** ifEntry: the table's rows live under it (column.ifIndex). */
export const IF_ENTRY = '1.3.6.1.2.1.2.2.1';
export const IF_COLUMN = {
  index: 1,
  descr: 2,
  type: 3,
  mtu: 4,
  speed: 5,
  physAddress: 6,
  adminStatus: 7,
  operStatus: 8,
  lastChange: 9,
  inOctets: 10,
  inUcastPkts: 11,
  inErrors: 14,
  outOctets: 16,
  outUcastPkts: 17,
  outErrors: 20,
} as const;

/** ifXEntry: augments ifEntry (same ifIndex). */
export const IFX_ENTRY = '1.3.6.1.2.1.31.1.1.1';
export const IFX_COLUMN = {
  name: 1,
  hcInOctets: 6,
  hcInUcastPkts: 7,
  hcOutOctets: 10,
  hcOutUcastPkts: 11,
  highSpeed: 15,
  alias: 18,
} as const;

/** IANAifType values the emulator uses. */
export const IF_TYPE = { other: 1, ethernetCsmacd: 6, softwareLoopback: 24 } as const;
/** ifAdminStatus / ifOperStatus. */
export const IF_STATUS = { up: 1, down: 2, testing: 3, unknown: 4, dormant: 5, notPresent: 6, lowerLayerDown: 7 } as const;

/** snmpTrapOID.0: the second varbind of every SNMPv2 notification names it. */
export const SNMP_TRAP_OID = '1.3.6.1.6.3.1.1.4.1.0';
export const SYS_UPTIME_0 = `${SYS.upTime}.0`;
export const LINK_DOWN = '1.3.6.1.6.3.1.1.5.3';
export const LINK_UP = '1.3.6.1.6.3.1.1.5.4';

export const ifColumnOid = (column: number, ifIndex: number): string => `${IF_ENTRY}.${column}.${ifIndex}`;
export const ifxColumnOid = (column: number, ifIndex: number): string => `${IFX_ENTRY}.${column}.${ifIndex}`;

const TWO_64 = 1n << 64n;

/** A Counter64 as net-snmp carries it: 8 big-endian bytes (the value modulo 2^64). */
export function counter64Buffer(value: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(((value % TWO_64) + TWO_64) % TWO_64);
  return b;
}

/** A received Counter64 (net-snmp hands over the raw content octets, 0..9 bytes) as a bigint. */
export function counter64Value(raw: unknown): bigint | undefined {
  if (typeof raw === 'bigint') return raw;
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return BigInt(raw);
  if (!Buffer.isBuffer(raw) || raw.length > 9) return undefined;
  if (raw.length === 0) return 0n;
  return BigInt(`0x${raw.toString('hex')}`) % TWO_64;
}

/** A 32-bit counter/gauge value (a JS number on the wire) modulo 2^32. */
export const wrap32 = (value: bigint): number => Number(value % (1n << 32n));
