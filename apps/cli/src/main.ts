import { startEmulatedSwitch } from '../../switch-emulator/src/emulated-switch.js';
import { parseSwitchArgs, UsageError } from './switch-command.js';
import { DEVICE_USAGE, deviceMain } from './device-command.js';

const USAGE = `usage: spinel switch --name NAME --role spine|leaf|border-leaf|vswitch --cli-port N --netconf-port N
                     --username USER --password-env VAR [--state-dir DIR] [--host ADDR]
                     [--wire-port N] [--cable LOCALIF=HOST:PORT/REMOTEIF ...]`;

/** `spinel <command> …`: the project's command line (today: run an emulated switch). */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'device') return deviceMain(rest, process.env, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
  if (command !== 'switch') {
    process.stderr.write(`${command ? `unknown command '${command}'\n` : ''}${USAGE}\n${DEVICE_USAGE}\n`);
    return 2;
  }
  const options = parseSwitchArgs(rest, process.env);
  const sw = await startEmulatedSwitch({ ...options, log: (line) => process.stderr.write(`${options.name}: ${line}\n`) });
  // One JSON line on stdout when ready, so scripts and the lab can wait for it and read the ports.
  process.stdout.write(`${JSON.stringify({ ready: true, name: sw.name, netconfPort: sw.netconf.port, cliPort: sw.cli.port, ...(sw.wire.port !== undefined ? { wirePort: sw.wire.port } : {}), hostKey: sw.netconf.hostKey.fingerprint })}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await sw.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`spinel: ${error instanceof UsageError ? `${error.message}\n${USAGE}` : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
