import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DeviceRole } from '#intent';
import {
  DeviceError,
  type DeviceErrorCode,
  type DeviceDriver,
  type DeviceTarget,
  type PlatformRegistry,
  type PresentedHostKey,
  type RawConfigDriver,
  createDefaultRegistry,
  pinnedHostKey,
} from '#drivers';
import { UsageError } from './switch-command.js';

export const DEVICE_USAGE = `usage: spinel device call --platform P --host H [--port N] --user U (--password-env VAR | --key FILE)
                          [--host-key SHA256:…] [--name NAME] [--role ROLE] [--timeout-ms MS] OPERATION
  OPERATION: ${['facts', 'interfaces', 'counters', 'bgp-neighbors', 'lldp-neighbors', 'evpn-routes', 'get-config', 'running-config'].join(' | ')}`;

export const OPERATIONS = ['facts', 'interfaces', 'counters', 'bgp-neighbors', 'lldp-neighbors', 'evpn-routes', 'get-config', 'running-config'] as const;
export type DeviceOperation = (typeof OPERATIONS)[number];

/** Exit status per DeviceError code: scripts tell "try later" (10, 11) from "fix something" (12-15). */
export const EXIT_CODES: Readonly<Record<DeviceErrorCode, number>> = { TRANSIENT: 10, TIMEOUT: 11, AUTH: 12, HOST_KEY: 13, REJECTED: 14, PROTOCOL: 15 };

const ROLES: readonly DeviceRole[] = ['spine', 'leaf', 'border-leaf', 'vswitch'];

export interface DeviceCall {
  target: DeviceTarget;
  operation: DeviceOperation;
  /** Given with --host-key: anything else is refused (HOST_KEY). Absent: the presented key is reported, not checked. */
  pinned: string | undefined;
  timeoutMs: number;
}

export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** `spinel device call …` → what to call. Secrets come from a variable or a file, never from argv. */
export function parseDeviceArgs(argv: string[], env: NodeJS.ProcessEnv): DeviceCall {
  const [sub, ...rest] = argv;
  if (sub !== 'call') throw new UsageError(sub ? `unknown device command '${sub}'` : 'missing device command');
  let parsed: { values: Record<string, string | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: true,
      options: {
        platform: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        user: { type: 'string' },
        'password-env': { type: 'string' },
        key: { type: 'string' },
        'host-key': { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        'timeout-ms': { type: 'string' },
      },
    }) as typeof parsed;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const required = (flag: string): string => {
    const value = values[flag];
    if (!value) throw new UsageError(`--${flag} is required`);
    return value;
  };
  if (positionals.length !== 1) throw new UsageError(`exactly one OPERATION is required (${OPERATIONS.join(', ')}), got ${positionals.length ? positionals.join(' ') : 'none'}`);
  const operation = positionals[0] as DeviceOperation;
  if (!OPERATIONS.includes(operation)) throw new UsageError(`unknown operation '${operation}'; one of ${OPERATIONS.join(', ')}`);
  const port = Number(values.port ?? '830');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port must be a port number 1..65535, got '${values.port}'`);
  const timeoutMs = Number(values['timeout-ms'] ?? '20000');
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new UsageError(`--timeout-ms must be a positive number of milliseconds, got '${values['timeout-ms']}'`);
  const role = (values.role ?? 'leaf') as DeviceRole;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const pinned = values['host-key'];
  if (pinned !== undefined && !/^SHA256:[A-Za-z0-9+/]{43}=?$/.test(pinned)) throw new UsageError(`--host-key must look like SHA256:<43 base64 characters>, got '${pinned}'`);

  if (operation === 'running-config' && (values.name === undefined || values.role === undefined)) {
    throw new UsageError('running-config needs --name and --role as the inventory knows the device: the configuration is read against them');
  }
  const host = required('host');
  const target: DeviceTarget = { name: values.name ?? host, role, platform: required('platform'), host, port, username: required('user'), timeoutMs };
  const passwordVar = values['password-env'];
  if ((passwordVar === undefined) === (values.key === undefined)) throw new UsageError('give exactly one of --password-env VAR and --key FILE');
  if (passwordVar !== undefined) {
    const password = env[passwordVar];
    if (!password) throw new UsageError(`environment variable ${passwordVar} (named by --password-env) is not set or empty`);
    target.password = password;
  } else {
    try {
      target.privateKey = readFileSync(values.key!, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --key ${values.key}: ${(e as Error).message}`);
    }
  }
  return { target, operation, pinned, timeoutMs };
}

/** JSON with 64-bit counters (bigint) as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

/**
 * Runs one call and prints its JSON result; returns the exit status. Without `--host-key` any host
 * key is accepted for this one call and reported in the result, unverified: whether to trust it
 * (and pin it with --host-key next time) is the operator's decision.
 */
export async function runDeviceCall(call: DeviceCall, out: Output, registry: PlatformRegistry = createDefaultRegistry()): Promise<number> {
  let presented: PresentedHostKey | undefined;
  const check = call.pinned ? pinnedHostKey(call.pinned) : () => true;
  const target: DeviceTarget = {
    ...call.target,
    verifyHostKey: (key) => {
      presented = key;
      return check(key);
    },
  };
  const platform = target.platform;
  if (!registry.has(platform) && !registry.hasRaw(platform)) {
    return fail(out, new UsageError(`unknown platform '${platform}'; known platforms: ${registry.platforms.join(', ')}`));
  }
  const driver = registry.has(platform) ? registry.driverFor(target) : registry.rawDriverFor(target);
  try {
    await driver.open();
    const result = registry.has(platform) ? await callIntentDriver(driver as DeviceDriver, call.operation) : await callRawDriver(driver as RawConfigDriver, call.operation);
    const hostKey = presented && { algorithm: presented.algorithm, fingerprint: presented.fingerprint, verified: call.pinned !== undefined };
    if (!call.pinned && presented) {
      out.stderr(`warning: the host key of ${target.host}:${target.port} (${presented.fingerprint}) was not verified; pass --host-key ${presented.fingerprint} once you trust it\n`);
    }
    out.stdout(`${toJson({ device: target.name, platform, operation: call.operation, hostKey, result })}\n`);
    return 0;
  } catch (error) {
    return fail(out, error);
  } finally {
    await driver.close().catch(() => undefined);
  }
}

async function callIntentDriver(driver: DeviceDriver, operation: DeviceOperation): Promise<unknown> {
  switch (operation) {
    case 'facts':
      return driver.facts();
    case 'interfaces':
      return driver.interfaces();
    case 'counters':
      return driver.interfaceCounters();
    case 'bgp-neighbors':
      return driver.bgpNeighbors();
    case 'lldp-neighbors':
      return driver.lldpNeighbors();
    case 'evpn-routes':
      return driver.evpnRoutes();
    case 'running-config':
      return driver.getRunningConfig();
    case 'get-config': {
      const raw = driver as DeviceDriver & { getConfigXml?: () => Promise<string> };
      if (!raw.getConfigXml) throw new DeviceError('REJECTED', `platform ${driver.platform} has no raw configuration to show; use running-config`);
      return raw.getConfigXml();
    }
  }
}

async function callRawDriver(driver: RawConfigDriver, operation: DeviceOperation): Promise<unknown> {
  if (operation === 'facts') return driver.facts();
  if (operation === 'get-config') return driver.getConfig('running');
  throw new DeviceError('REJECTED', `platform ${driver.platform} exchanges raw configuration only: it offers facts and get-config, not ${operation}`);
}

function fail(out: Output, error: unknown): number {
  if (error instanceof UsageError) {
    out.stderr(`spinel: ${error.message}\n${DEVICE_USAGE}\n`);
    return 2;
  }
  if (error instanceof DeviceError) {
    out.stderr(`${toJson({ error: { code: error.code, retryable: error.retryable, message: error.message } })}\n`);
    return EXIT_CODES[error.code];
  }
  out.stderr(`${toJson({ error: { code: 'INTERNAL', retryable: false, message: error instanceof Error ? error.message : String(error) } })}\n`);
  return 1;
}

/** `spinel device …` from main: parse, run, print; usage errors exit 2. */
export async function deviceMain(argv: string[], env: NodeJS.ProcessEnv, out: Output): Promise<number> {
  let call: DeviceCall;
  try {
    call = parseDeviceArgs(argv, env);
  } catch (error) {
    return fail(out, error);
  }
  return runDeviceCall(call, out, createDefaultRegistry({ connectTimeoutMs: call.timeoutMs, rpcTimeoutMs: call.timeoutMs, reconnect: { attempts: 1 } }));
}
