import { IF_COLUMN, IF_ENTRY, IF_NUMBER, IFX_COLUMN, IFX_ENTRY, ifColumnOid, IF_STATUS, LINK_DOWN, LINK_UP, SYS, udpBinding } from '#drivers';
import snmp from 'net-snmp';
import type { LinkChange, OperationalView } from '../oper/operational-view.js';
import { ifTableRow, ifXTableRow, systemValues, timeTicksSince } from './if-mib-rows.js';

export interface TrapReceiverAddress {
  host: string;
  port: number;
}

export interface SnmpAgentOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port (read it from the result). */
  port: number;
  /** Read-only community; also the community of the traps sent. */
  community: string;
  view: OperationalView;
  trapReceivers?: readonly TrapReceiverAddress[];
  log?: (message: string) => void;
}

export interface SnmpAgent {
  host: string;
  port: number;
  close(): Promise<void>;
}

const ro = snmp.MaxAccess['read-only'];
const column = (number: number, name: string, type: snmp.ObjectType) => ({ number, name, type, maxAccess: ro });
const T = snmp.ObjectType;

/** Column order here is the order of the row arrays built in if-mib-rows.ts. */
const IF_TABLE = {
  name: 'ifTable',
  type: snmp.MibProviderType.Table,
  oid: IF_ENTRY,
  maxAccess: snmp.MaxAccess['not-accessible'],
  tableColumns: [
    column(IF_COLUMN.index, 'ifIndex', T.Integer),
    column(IF_COLUMN.descr, 'ifDescr', T.OctetString),
    column(IF_COLUMN.type, 'ifType', T.Integer),
    column(IF_COLUMN.mtu, 'ifMtu', T.Integer),
    column(IF_COLUMN.speed, 'ifSpeed', T.Gauge32),
    column(IF_COLUMN.physAddress, 'ifPhysAddress', T.OctetString),
    column(IF_COLUMN.adminStatus, 'ifAdminStatus', T.Integer),
    column(IF_COLUMN.operStatus, 'ifOperStatus', T.Integer),
    column(IF_COLUMN.lastChange, 'ifLastChange', T.TimeTicks),
    column(IF_COLUMN.inOctets, 'ifInOctets', T.Counter32),
    column(IF_COLUMN.inUcastPkts, 'ifInUcastPkts', T.Counter32),
    column(IF_COLUMN.inErrors, 'ifInErrors', T.Counter32),
    column(IF_COLUMN.outOctets, 'ifOutOctets', T.Counter32),
    column(IF_COLUMN.outUcastPkts, 'ifOutUcastPkts', T.Counter32),
    column(IF_COLUMN.outErrors, 'ifOutErrors', T.Counter32),
  ],
  tableIndex: [{ columnName: 'ifIndex' }],
};

const IFX_TABLE = {
  name: 'ifXTable',
  type: snmp.MibProviderType.Table,
  oid: IFX_ENTRY,
  maxAccess: snmp.MaxAccess['not-accessible'],
  tableColumns: [
    column(IFX_COLUMN.name, 'ifName', T.OctetString),
    column(IFX_COLUMN.hcInOctets, 'ifHCInOctets', T.Counter64),
    column(IFX_COLUMN.hcInUcastPkts, 'ifHCInUcastPkts', T.Counter64),
    column(IFX_COLUMN.hcOutOctets, 'ifHCOutOctets', T.Counter64),
    column(IFX_COLUMN.hcOutUcastPkts, 'ifHCOutUcastPkts', T.Counter64),
    column(IFX_COLUMN.highSpeed, 'ifHighSpeed', T.Gauge32),
    column(IFX_COLUMN.alias, 'ifAlias', T.OctetString),
  ],
  tableAugments: 'ifTable',
};

const SCALARS: { key: keyof ReturnType<typeof systemValues> | 'ifNumber'; oid: string; type: snmp.ObjectType }[] = [
  { key: 'descr', oid: SYS.descr, type: T.OctetString },
  { key: 'objectId', oid: SYS.objectId, type: T.OID },
  { key: 'upTime', oid: SYS.upTime, type: T.TimeTicks },
  { key: 'contact', oid: SYS.contact, type: T.OctetString },
  { key: 'name', oid: SYS.name, type: T.OctetString },
  { key: 'location', oid: SYS.location, type: T.OctetString },
  { key: 'services', oid: SYS.services, type: T.Integer },
  { key: 'ifNumber', oid: IF_NUMBER, type: T.Integer },
];

/**
 * The emulated switch's SNMPv2c agent: the SNMPv2-MIB system group, ifNumber, IF-MIB ifTable and
 * ifXTable, read-only, refreshed from the OperationalView before every request (so counters move
 * between two walks), and linkDown/linkUp notifications to each trap receiver on every oper-status
 * change the view reports. See docs/snmp.md.
 */
export async function startSnmpAgent(o: SnmpAgentOptions): Promise<SnmpAgent> {
  const host = o.host ?? '127.0.0.1';
  const log = o.log ?? (() => undefined);
  const mib = snmp.createMib();
  mib.registerProviders([
    ...SCALARS.map((s) => ({ name: s.key, type: snmp.MibProviderType.Scalar, oid: s.oid, scalarType: s.type, maxAccess: ro })),
    IF_TABLE,
    IFX_TABLE,
  ]);
  const rows = new Set<number>();
  const refresh = () => {
    try {
      refreshMib(mib, o.view, rows);
    } catch (e) {
      // The request is still answered, from the values of the last good refresh.
      log(`SNMP: could not refresh the MIB from the operational state: ${(e as Error).message}`);
    }
  };
  refresh();

  const binding = udpBinding(host, o.port, refresh);
  const agent = snmp.createAgent(
    { port: o.port || 161, address: host, transport: host.includes(':') ? 'udp6' : 'udp4', dgramModule: binding.dgramModule },
    (error: (Error & { rinfo?: { address: string; port: number } }) | null) => {
      if (error) log(`SNMP: request from ${error.rinfo ? `${error.rinfo.address}:${error.rinfo.port}` : 'unknown sender'} not answered: ${error.message}`);
    },
    mib,
  );
  agent.getAuthorizer().addCommunity(o.community);
  answerEndOfMibView(agent);
  let port: number;
  try {
    port = (await binding.bound).address().port;
  } catch (e) {
    agent.close();
    throw new Error(`SNMP agent cannot listen on ${host}:${o.port}: ${(e as Error).message}`, { cause: e });
  }

  const trapSessions = (o.trapReceivers ?? []).map((r) => ({
    address: `${r.host}:${r.port}`,
    session: snmp.createSession(r.host, o.community, { version: snmp.Version2c, trapPort: r.port, transport: r.host.includes(':') ? 'udp6' : 'udp4' }),
  }));
  for (const t of trapSessions) t.session.on('error', (e) => log(`SNMP: trap session to ${t.address}: ${e.message}`));
  const unsubscribe = o.view.onLinkChange((change) => {
    const upTime = timeTicksSince(o.view.system().bootTime, new Date());
    for (const t of trapSessions) {
      t.session.trap(change.operUp ? LINK_UP : LINK_DOWN, linkTrapVarbinds(change), { upTime }, (error) => {
        if (error) log(`SNMP: ${change.operUp ? 'linkUp' : 'linkDown'} trap for ${change.name} to ${t.address} failed: ${error.message}`);
      });
    }
  });

  return {
    host,
    port,
    close: async () => {
      unsubscribe();
      for (const t of trapSessions) t.session.close();
      await new Promise<void>((resolve) => agent.close(() => resolve()));
    },
  };
}

/** RFC 2863 linkDown/linkUp objects: ifIndex, ifAdminStatus, ifOperStatus of the interface. */
export function linkTrapVarbinds(change: LinkChange): snmp.Varbind[] {
  const status = (up: boolean) => (up ? IF_STATUS.up : IF_STATUS.down);
  return [
    { oid: ifColumnOid(IF_COLUMN.index, change.ifIndex), type: T.Integer, value: change.ifIndex },
    { oid: ifColumnOid(IF_COLUMN.adminStatus, change.ifIndex), type: T.Integer, value: status(change.adminUp) },
    { oid: ifColumnOid(IF_COLUMN.operStatus, change.ifIndex), type: T.Integer, value: status(change.operUp) },
  ];
}

interface RequestPdu {
  type: number;
  varbinds: { oid: string; type?: number; value?: unknown }[];
}

/**
 * net-snmp 3.29 answers a GetNext/GetBulk that runs past the last object from an OID that is not
 * itself an instance (say, a walk of 1.3.6.1.2.1.99) with noSuchObject instead of endOfMibView
 * (RFC 3416 §4.2.2), and a manager then asks for the same OID forever. The next-OID lookup did
 * say endOfMibView: restore that in the response.
 */
function answerEndOfMibView(agent: { sendResponse: (socket: unknown, rinfo: unknown, request: { pdu: RequestPdu }, response: RequestPdu) => void }): void {
  const send = agent.sendResponse.bind(agent);
  agent.sendResponse = (socket, rinfo, request, response) => {
    const { pdu } = request;
    if (pdu.type === snmp.PduType.GetNextRequest || pdu.type === snmp.PduType.GetBulkRequest) {
      pdu.varbinds.forEach((vb, i) => {
        if (vb.type === T.EndOfMibView) response.varbinds[i] = { oid: vb.oid, type: T.EndOfMibView, value: null };
      });
    }
    send(socket, rinfo, request, response);
  };
}

interface Mib {
  setScalarValue(name: string, value: unknown): void;
  addTableRow(table: string, row: unknown[]): void;
  deleteTableRow(table: string, rowIndex: unknown[]): void;
}

/** Rewrite every value from the view: rows of interfaces that went away are removed, new ones added. */
function refreshMib(mib: Mib, view: OperationalView, rows: Set<number>): void {
  const now = new Date();
  const system = view.system();
  const interfaces = view.interfaces();
  // Everything is computed before the MIB is touched, so a bad view leaves the last good values.
  const seen = new Set<number>();
  for (const i of interfaces) {
    if (!Number.isInteger(i.ifIndex) || i.ifIndex < 1) throw new Error(`interface ${i.name} has ifIndex ${i.ifIndex}`);
    if (seen.has(i.ifIndex)) throw new Error(`two interfaces share ifIndex ${i.ifIndex}`);
    seen.add(i.ifIndex);
  }
  const ifRows = interfaces.map((i) => [ifTableRow(i, system.bootTime), ifXTableRow(i)] as const);
  const values = { ...systemValues(system, now), ifNumber: interfaces.length };
  for (const s of SCALARS) mib.setScalarValue(s.key, values[s.key]);
  for (const ifIndex of rows) {
    mib.deleteTableRow('ifXTable', [ifIndex]);
    mib.deleteTableRow('ifTable', [ifIndex]);
  }
  rows.clear();
  for (const [ifRow, ifxRow] of ifRows) {
    mib.addTableRow('ifTable', ifRow);
    mib.addTableRow('ifXTable', ifxRow);
    rows.add(ifRow[0] as number);
  }
}
