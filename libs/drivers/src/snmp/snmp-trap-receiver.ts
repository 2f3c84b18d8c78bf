import snmp from 'net-snmp';
import { IF_COLUMN, IF_ENTRY, IF_STATUS, IFX_COLUMN, IFX_ENTRY, LINK_DOWN, LINK_UP, SNMP_TRAP_OID } from './if-mib.js';
import { udpBinding } from './udp-binding.js';

/** A linkUp/linkDown notification, normalized (SNMPv2c trap, or the SNMPv1 generic trap 2/3). */
export interface LinkTrapEvent {
  kind: 'linkUp' | 'linkDown';
  /** The sender: the UDP source address (SNMPv2c), or the agent-addr field of an SNMPv1 trap. */
  agentAddress: string;
  community: string;
  ifIndex: number;
  /** From ifName (or ifDescr) varbinds, when the agent included one. */
  ifName?: string;
  /** From ifAdminStatus/ifOperStatus varbinds; without ifOperStatus, what the trap type says. */
  adminUp?: boolean;
  operUp: boolean;
  receivedAt: Date;
}

/** Any other notification (or a link trap without an ifIndex), labelled and passed on unparsed. */
export interface OtherTrapEvent {
  kind: 'other';
  agentAddress: string;
  community: string;
  /** snmpTrapOID.0 (v2c), or enterprise.0.specific / the generic number (v1). */
  trapOid: string;
  varbinds: { oid: string; type: string; value: string }[];
  receivedAt: Date;
}

export type SnmpTrapEvent = LinkTrapEvent | OtherTrapEvent;

export interface SnmpTrapReceiverOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port (see `port` once started). */
  port: number;
  /** Accept only these communities; undefined accepts any (the caller checks it per sender). */
  communities?: string[];
  onTrap: (event: SnmpTrapEvent) => void;
  /** Undecodable datagrams, unknown communities, requests that are not notifications. */
  onProblem?: (message: string) => void;
}

/** Receives SNMP notifications on one UDP socket (net-snmp's Receiver) and normalizes link traps. */
export class SnmpTrapReceiver {
  private constructor(
    private readonly receiver: { close(cb?: () => void): void },
    readonly host: string,
    readonly port: number,
  ) {}

  static async start(opts: SnmpTrapReceiverOptions): Promise<SnmpTrapReceiver> {
    const host = opts.host ?? '127.0.0.1';
    const binding = udpBinding(host, opts.port);
    const problem = opts.onProblem ?? (() => undefined);
    const receiver = snmp.createReceiver(
      {
        port: opts.port || 162, // net-snmp's default when 0; the binding binds the real one
        address: host,
        transport: host.includes(':') ? 'udp6' : 'udp4',
        disableAuthorization: !opts.communities,
        includeAuthentication: true,
        dgramModule: binding.dgramModule,
      },
      (error: (Error & { rinfo?: { address: string } }) | null, notification: Notification | null) => {
        if (error) {
          problem(`SNMP datagram from ${error.rinfo?.address ?? 'unknown sender'} ignored: ${error.message}`);
          return;
        }
        if (notification) opts.onTrap(normalize(notification));
      },
    );
    for (const c of opts.communities ?? []) receiver.getAuthorizer().addCommunity(c);
    try {
      const socket = await binding.bound;
      return new SnmpTrapReceiver(receiver, host, socket.address().port);
    } catch (e) {
      receiver.close();
      throw e;
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.receiver.close(() => resolve()));
  }
}

interface Notification {
  pdu: {
    type: number;
    community?: string;
    varbinds: snmp.Varbind[];
    enterprise?: string;
    agentAddr?: string;
    generic?: number;
    specific?: number;
  };
  rinfo: { address: string };
}

/** SNMPv1 generic-trap numbers for linkDown / linkUp. */
const V1_LINK = { 2: 'linkDown', 3: 'linkUp' } as const;

function normalize(n: Notification): SnmpTrapEvent {
  const { pdu } = n;
  const receivedAt = new Date();
  const v1 = pdu.type === snmp.PduType.Trap;
  const agentAddress = v1 && pdu.agentAddr && pdu.agentAddr !== '0.0.0.0' ? pdu.agentAddr : n.rinfo.address;
  const community = pdu.community ?? '';
  const trapOid = v1 ? v1TrapOid(pdu) : String(pdu.varbinds.find((vb) => vb.oid === SNMP_TRAP_OID)?.value ?? '');
  const kind = v1 ? V1_LINK[pdu.generic as 2 | 3] : trapOid === LINK_DOWN ? 'linkDown' : trapOid === LINK_UP ? 'linkUp' : undefined;
  const link = kind ? linkVarbinds(pdu.varbinds) : undefined;
  if (!kind || !link) return { kind: 'other', agentAddress, community, trapOid, varbinds: pdu.varbinds.map(describe), receivedAt };
  return {
    kind,
    agentAddress,
    community,
    ifIndex: link.ifIndex,
    ...(link.ifName !== undefined ? { ifName: link.ifName } : {}),
    ...(link.admin !== undefined ? { adminUp: link.admin === IF_STATUS.up } : {}),
    operUp: link.oper !== undefined ? link.oper === IF_STATUS.up : kind === 'linkUp',
    receivedAt,
  };
}

/**
 * RFC 2863 link traps carry ifIndex, ifAdminStatus and ifOperStatus, each instance-suffixed with the
 * ifIndex; some agents add ifName or ifDescr. The ifIndex is the ifIndex varbind's value, or else
 * the instance suffix of a status varbind.
 */
function linkVarbinds(varbinds: snmp.Varbind[]): { ifIndex: number; ifName?: string; admin?: number; oper?: number } | undefined {
  const column = (entry: string, c: number) => varbinds.find((vb) => vb.oid.startsWith(`${entry}.${c}.`) && !snmp.isVarbindError(vb));
  const suffix = (vb: snmp.Varbind | undefined) => (vb ? Number(vb.oid.slice(vb.oid.lastIndexOf('.') + 1)) : undefined);
  const indexVb = column(IF_ENTRY, IF_COLUMN.index);
  const admin = column(IF_ENTRY, IF_COLUMN.adminStatus);
  const oper = column(IF_ENTRY, IF_COLUMN.operStatus);
  const name = column(IFX_ENTRY, IFX_COLUMN.name) ?? column(IF_ENTRY, IF_COLUMN.descr);
  const ifIndex = typeof indexVb?.value === 'number' ? indexVb.value : (suffix(oper) ?? suffix(admin));
  if (!ifIndex || !Number.isInteger(ifIndex) || ifIndex < 1) return undefined;
  const int = (vb: snmp.Varbind | undefined) => (typeof vb?.value === 'number' ? vb.value : undefined);
  const text = name && Buffer.isBuffer(name.value) ? name.value.toString('utf8') : undefined;
  return { ifIndex, ...(text !== undefined ? { ifName: text } : {}), admin: int(admin), oper: int(oper) };
}

function v1TrapOid(pdu: Notification['pdu']): string {
  if (pdu.generic === 6) return `${pdu.enterprise}.0.${pdu.specific}`;
  return `1.3.6.1.6.3.1.1.5.${(pdu.generic ?? 0) + 1}`; // RFC 3584 §3.1: generic traps as SNMPv2 OIDs
}

function describe(vb: snmp.Varbind): { oid: string; type: string; value: string } {
  const type = snmp.ObjectType[vb.type ?? 0] ?? String(vb.type);
  const value = Buffer.isBuffer(vb.value) ? (vb.type === snmp.ObjectType.Counter64 ? BigInt(`0x${vb.value.toString('hex') || '0'}`).toString() : vb.value.toString('utf8')) : String(vb.value);
  return { oid: vb.oid, type, value };
}
