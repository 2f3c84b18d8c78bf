import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DeviceRole } from '#intent';
import type { EmulatedSwitchOptions } from '../../switch-emulator/src/emulated-switch.js';
import { chassisPorts } from '../../switch-emulator/src/oper/chassis.js';
import { CableSpecError, parseCableSpec } from '../../switch-emulator/src/oper/wire-endpoint.js';

const ROLES: readonly DeviceRole[] = ['spine', 'leaf', 'border-leaf', 'vswitch'];

export class UsageError extends Error {}

const port = (flag: string, raw: string | undefined): number => {
  if (raw === undefined) throw new UsageError(`--${flag} is required`);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${flag} must be a port number 0..65535, got '${raw}'`);
  return n;
};

/**
 * `spinel switch --name leaf1 --role leaf --cli-port 8201 --netconf-port 8301 --username admin
 * --password-env SWITCH_PASSWORD [--state-dir DIR] [--host 127.0.0.1] [--wire-port 9001]
 * [--cable LOCALIF=HOST:PORT/REMOTEIF ...]` → the emulated switch's options.
 * The password is read from the named environment variable so it never shows in `ps`.
 */
export function parseSwitchArgs(argv: string[], env: NodeJS.ProcessEnv): EmulatedSwitchOptions {
  let values: Record<string, string | undefined> & { cable?: string[] };
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        name: { type: 'string' },
        role: { type: 'string' },
        'cli-port': { type: 'string' },
        'netconf-port': { type: 'string' },
        username: { type: 'string' },
        'password-env': { type: 'string' },
        'state-dir': { type: 'string' },
        host: { type: 'string' },
        'wire-port': { type: 'string' },
        cable: { type: 'string', multiple: true },
      },
    }).values as Record<string, string | undefined> & { cable?: string[] };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const name = values.name;
  if (!name || !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) throw new UsageError('--name is required and must be a DNS label (e.g. leaf1)');
  const role = values.role as DeviceRole | undefined;
  if (!role || !ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const username = values.username;
  if (!username) throw new UsageError('--username is required');
  const passwordVar = values['password-env'];
  if (!passwordVar) throw new UsageError('--password-env is required: the name of the environment variable holding the password');
  const password = env[passwordVar];
  if (!password) throw new UsageError(`environment variable ${passwordVar} (named by --password-env) is not set or empty`);
  const cables = (values.cable ?? []).map((text) => {
    try {
      return parseCableSpec(text);
    } catch (e) {
      throw new UsageError((e as CableSpecError).message);
    }
  });
  const localPorts = cables.map((c) => c.localPort);
  const twice = localPorts.find((p, i) => localPorts.indexOf(p) !== i);
  if (twice) throw new UsageError(`--cable: port ${twice} is cabled twice`);
  // A vswitch's ports are named by its configuration (uplink0); other roles cable chassis ports.
  const unknown = role === 'vswitch' ? undefined : localPorts.find((p) => !chassisPorts(role).includes(p));
  if (unknown) throw new UsageError(`--cable: ${unknown} is not a port of a ${role} (${chassisPorts(role)[0]}…${chassisPorts(role).at(-1)})`);
  const stateDir = resolve(values['state-dir'] ?? `.spinel/switches/${name}`);
  mkdirSync(stateDir, { recursive: true });
  return {
    name,
    role,
    netconfPort: port('netconf-port', values['netconf-port']),
    cliPort: port('cli-port', values['cli-port']),
    host: values.host ?? '127.0.0.1',
    users: [{ username, password }],
    stateDir,
    ...(values['wire-port'] !== undefined ? { wirePort: port('wire-port', values['wire-port']) } : {}),
    ...(cables.length > 0 ? { cables } : {}),
  };
}
