import snmp from 'net-snmp';
import { DeviceError } from '../device-error.js';
import type { InterfaceCounters } from '../driver/device-driver.js';
import { counter64Value, IF_COLUMN, IF_ENTRY, IF_STATUS, IFX_COLUMN, IFX_ENTRY } from './if-mib.js';
import { snmpDeviceError } from './snmp-errors.js';

/** Where and how to reach a device's SNMP agent (SNMPv2c). */
export interface SnmpTarget {
  host: string;
  port: number;
  community: string;
  /** For messages; defaults to host:port. */
  name?: string;
}

export interface SnmpPollerOptions {
  /** Per request, before a retry. Default 2000 ms. */
  timeoutMs?: number;
  /** Re-sends after a timeout. Default 1. */
  retries?: number;
  /** GetBulk max-repetitions. Default 25. */
  maxRepetitions?: number;
  now?: () => Date;
}

/** One interface as read over SNMP, normalized; counters are 64-bit when the device has ifXTable. */
export interface SnmpInterfaceRecord extends InterfaceCounters {
  ifIndex: number;
  adminUp: boolean;
  operUp: boolean;
  /** 64 when octet/packet counters came from ifXTable's HC columns, 32 when from ifTable. */
  counterBits: 64 | 32;
  polledAt: Date;
}

type Column = Map<number, snmp.Varbind>;

const IF_COLUMNS = [IF_COLUMN.descr, IF_COLUMN.adminStatus, IF_COLUMN.operStatus, IF_COLUMN.inOctets, IF_COLUMN.inUcastPkts, IF_COLUMN.inErrors, IF_COLUMN.outOctets, IF_COLUMN.outUcastPkts, IF_COLUMN.outErrors];
const IFX_COLUMNS = [IFX_COLUMN.name, IFX_COLUMN.hcInOctets, IFX_COLUMN.hcInUcastPkts, IFX_COLUMN.hcOutOctets, IFX_COLUMN.hcOutUcastPkts];

/**
 * Reads a device's IF-MIB over SNMPv2c: ifTable for names, status and errors, ifXTable for ifName
 * and the 64-bit (HC) octet/packet counters, falling back per interface to ifTable's 32-bit
 * counters when ifXTable has no row for it. Failures are DeviceErrors (see snmpDeviceError).
 */
export class SnmpPoller {
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly maxRepetitions: number;
  private readonly now: () => Date;

  constructor(opts: SnmpPollerOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 2000;
    this.retries = opts.retries ?? 1;
    this.maxRepetitions = opts.maxRepetitions ?? 25;
    this.now = opts.now ?? (() => new Date());
  }

  async pollInterfaces(target: SnmpTarget): Promise<SnmpInterfaceRecord[]> {
    const device = target.name ?? `${target.host}:${target.port}`;
    const session = snmp.createSession(target.host, target.community, {
      port: target.port,
      version: snmp.Version2c,
      timeout: this.timeoutMs,
      retries: this.retries,
      transport: target.host.includes(':') ? 'udp6' : 'udp4',
    });
    // An undecodable datagram is only reported as a session 'error' while the request waits on:
    // fail the poll now as PROTOCOL instead of waiting for the timeout.
    let broken: (e: unknown) => void = () => undefined;
    const malformed = new Promise<never>((_, reject) => {
      broken = reject;
    });
    malformed.catch(() => undefined);
    session.on('error', (e) => broken(e));
    try {
      const walk = (base: string, columns: number[]) => Promise.all(columns.map((c) => this.walkColumn(session, `${base}.${c}`, device)));
      const [ifTable, ifXTable] = await Promise.race([Promise.all([walk(IF_ENTRY, IF_COLUMNS), walk(IFX_ENTRY, IFX_COLUMNS)]), malformed]);
      return toRecords(device, ifTable, ifXTable, this.now());
    } catch (e) {
      throw snmpDeviceError(device, e);
    } finally {
      session.close();
    }
  }

  /**
   * One column by GetBulk. An exception value (noSuchObject…) ends the column — a compliant agent
   * answers endOfMibView there, some answer noSuchObject — and an OID that does not increase is a
   * PROTOCOL error rather than a walk that never ends.
   */
  private walkColumn(session: snmp.Session, column: string, device: string): Promise<Column> {
    return new Promise((resolve, reject) => {
      const rows: Column = new Map();
      let last = 0;
      let failure: Error | undefined;
      session.subtree(
        column,
        this.maxRepetitions,
        (varbinds) => {
          for (const vb of varbinds) {
            if (snmp.isVarbindError(vb)) return true;
            const index = Number(vb.oid.slice(column.length + 1));
            if (!Number.isInteger(index) || index < 1) continue; // a multi-part index is not IF-MIB's
            if (index <= last) {
              failure = new DeviceError('PROTOCOL', `${device} walked ${column} out of order (${vb.oid} after index ${last})`);
              return true;
            }
            last = index;
            rows.set(index, vb);
          }
          return false;
        },
        (error) => (error ? reject(error) : failure ? reject(failure) : resolve(rows)),
      );
    });
  }
}

function toRecords(device: string, ifTable: Column[], ifXTable: Column[], polledAt: Date): SnmpInterfaceRecord[] {
  const [descr, admin, oper, inOctets, inPkts, inErrors, outOctets, outPkts, outErrors] = ifTable as [Column, Column, Column, Column, Column, Column, Column, Column, Column];
  const [name, hcInOctets, hcInPkts, hcOutOctets, hcOutPkts] = ifXTable as [Column, Column, Column, Column, Column];
  const indexes = [...new Set([...admin.keys(), ...oper.keys()])].sort((a, b) => a - b);
  if (!indexes.length) throw new DeviceError('PROTOCOL', `${device} serves no IF-MIB ifTable rows (ifAdminStatus/ifOperStatus are empty)`);
  const read = new Reader(device);
  return indexes.map((ifIndex) => {
    const hc = hcInOctets.has(ifIndex) && hcOutOctets.has(ifIndex);
    const ifName = name.has(ifIndex) ? read.text(name, ifIndex, 'ifName') : '';
    return {
      name: ifName || read.text(descr, ifIndex, 'ifDescr'),
      ifIndex,
      adminUp: read.status(admin, ifIndex, 'ifAdminStatus') === IF_STATUS.up,
      operUp: read.status(oper, ifIndex, 'ifOperStatus') === IF_STATUS.up,
      inOctets: hc ? read.counter64(hcInOctets, ifIndex, 'ifHCInOctets') : read.counter32(inOctets, ifIndex, 'ifInOctets'),
      outOctets: hc ? read.counter64(hcOutOctets, ifIndex, 'ifHCOutOctets') : read.counter32(outOctets, ifIndex, 'ifOutOctets'),
      inPackets: hc && hcInPkts.has(ifIndex) ? read.counter64(hcInPkts, ifIndex, 'ifHCInUcastPkts') : read.counter32(inPkts, ifIndex, 'ifInUcastPkts'),
      outPackets: hc && hcOutPkts.has(ifIndex) ? read.counter64(hcOutPkts, ifIndex, 'ifHCOutUcastPkts') : read.counter32(outPkts, ifIndex, 'ifOutUcastPkts'),
      inErrors: read.counter32(inErrors, ifIndex, 'ifInErrors'),
      outErrors: read.counter32(outErrors, ifIndex, 'ifOutErrors'),
      counterBits: hc ? 64 : 32,
      polledAt,
    };
  });
}

/** Type-checks each value the device sent; a wrong type is a PROTOCOL error naming the object. */
class Reader {
  constructor(private readonly device: string) {}

  text(column: Column, ifIndex: number, object: string): string {
    const vb = this.need(column, ifIndex, object, snmp.ObjectType.OctetString);
    return Buffer.isBuffer(vb.value) ? vb.value.toString('utf8') : String(vb.value);
  }

  status(column: Column, ifIndex: number, object: string): number {
    const v = this.need(column, ifIndex, object, snmp.ObjectType.Integer).value;
    if (typeof v !== 'number' || v < 1 || v > 7) throw this.bad(`${object}.${ifIndex} is ${String(v)}, not a status 1..7`);
    return v;
  }

  /** Absent 32-bit counters read as 0: some agents omit them for virtual interfaces. */
  counter32(column: Column, ifIndex: number, object: string): bigint {
    if (!column.has(ifIndex)) return 0n;
    const v = this.need(column, ifIndex, object, snmp.ObjectType.Counter32).value;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw this.bad(`${object}.${ifIndex} is ${String(v)}, not a Counter32`);
    return BigInt(v);
  }

  counter64(column: Column, ifIndex: number, object: string): bigint {
    const v = counter64Value(this.need(column, ifIndex, object, snmp.ObjectType.Counter64).value);
    if (v === undefined) throw this.bad(`${object}.${ifIndex} is not a valid Counter64`);
    return v;
  }

  private need(column: Column, ifIndex: number, object: string, type: snmp.ObjectType): snmp.Varbind {
    const vb = column.get(ifIndex);
    if (!vb) throw this.bad(`${object}.${ifIndex} is missing`);
    if (vb.type !== type) throw this.bad(`${object}.${ifIndex} has type ${snmp.ObjectType[vb.type ?? 0] ?? vb.type}, expected ${snmp.ObjectType[type]}`);
    return vb;
  }

  private bad(what: string): DeviceError {
    return new DeviceError('PROTOCOL', `${this.device} sent a malformed IF-MIB: ${what}`);
  }
}
