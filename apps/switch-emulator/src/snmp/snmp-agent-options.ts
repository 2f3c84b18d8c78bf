import type { TrapReceiverAddress } from './snmp-agent.js';

/** What `--snmp-port`, `--snmp-community` and `--trap-receiver` configure on an emulated switch. */
export interface SnmpAgentSettings {
  /** 0 picks a free port. */
  port: number;
  community: string;
  trapReceivers: TrapReceiverAddress[];
}

export class SnmpOptionError extends Error {
  override readonly name = 'SnmpOptionError';
}

export const DEFAULT_COMMUNITY = 'public';
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function portNumber(flag: string, raw: string, min: number): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > 65535) throw new SnmpOptionError(`${flag} must be a port number ${min}..65535, got '${raw}'`);
  return n;
}

/** `HOST:PORT` or `[IPv6]:PORT` → a trap destination. */
export function parseTrapReceiver(raw: string): TrapReceiverAddress {
  const m = /^\[([0-9A-Fa-f:.]+)\]:(\d+)$/.exec(raw) ?? /^([^:[\]]+):([^:]+)$/.exec(raw);
  if (!m) throw new SnmpOptionError(`--trap-receiver must be HOST:PORT (or [IPv6]:PORT), got '${raw}'`);
  const host = m[1]!;
  if (!raw.startsWith('[') && !IPV4.test(host) && (!HOSTNAME.test(host) || /^[\d.]+$/.test(host))) {
    throw new SnmpOptionError(`--trap-receiver host '${host}' is not a hostname or an IP address`);
  }
  return { host, port: portNumber('--trap-receiver port', m[2]!, 1) };
}

/** SNMPv2c communities are octet strings; printable ASCII without spaces keeps them typeable. */
export function parseCommunity(raw: string): string {
  if (!/^[\x21-\x7e]{1,64}$/.test(raw)) throw new SnmpOptionError(`--snmp-community must be 1..64 printable ASCII characters without spaces, got '${raw}'`);
  return raw;
}

/**
 * The SNMP flags of `spinel switch`: the agent runs only with `--snmp-port`; a community or a trap
 * receiver without it is a mistake, not something to ignore silently.
 */
export function parseSnmpFlags(flags: { port?: string; community?: string; trapReceivers?: readonly string[] }): SnmpAgentSettings | undefined {
  const receivers = flags.trapReceivers ?? [];
  if (flags.port === undefined) {
    if (flags.community !== undefined) throw new SnmpOptionError('--snmp-community needs --snmp-port');
    if (receivers.length) throw new SnmpOptionError('--trap-receiver needs --snmp-port');
    return undefined;
  }
  return {
    port: portNumber('--snmp-port', flags.port, 0),
    community: flags.community === undefined ? DEFAULT_COMMUNITY : parseCommunity(flags.community),
    trapReceivers: receivers.map(parseTrapReceiver),
  };
}
