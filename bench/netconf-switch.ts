import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ceNetconfDialect } from '#dialects';
import { NetconfClient, pinnedHostKey } from '#drivers';
import type { DeviceIntent } from '#intent';
import { startEmulatedSwitch } from '../apps/switch-emulator/src/emulated-switch.js';

/**
 * The switch side of `npm run bench:netconf`, in a process of its own so that the clients measured
 * do not share an event loop with it: starts one emulated leaf on 127.0.0.1, provisions it with the
 * intent file given as argument, warms itself up with edit + commit rounds of its own (so that
 * whichever client is measured first does not pay for the server's JIT compilation), prints
 * {"port", "fingerprint", "publicKey"} as one JSON line, and stops (closing its servers,
 * removing its state directory) when stdin ends or on SIGTERM.
 * Arguments: intent-file username password [warm-up rounds, default 100].
 */

const [intentFile, username, password, warmupText = '100'] = process.argv.slice(2);
const warmupRounds = Number(warmupText);
if (!Number.isInteger(warmupRounds) || warmupRounds < 0) throw new Error(`warm-up rounds must be an integer >= 0, got "${warmupText}"`);
if (!intentFile || !username || !password) throw new Error('usage: netconf-switch.js <intent-file> <username> <password>');
const user = { username, password };

const stateDir = mkdtempSync(join(tmpdir(), 'spinel-bench-netconf-'));
const device = await startEmulatedSwitch({ name: 'leaf-1', role: 'leaf', netconfPort: 0, cliPort: 0, users: [user], stateDir });
let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await device.close();
  rmSync(stateDir, { recursive: true, force: true });
};
process.stdin.on('end', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());

try {
  const { port, hostKey } = device.netconf;
  // A provisioned leaf: every commit then checks a whole switch configuration, as in production.
  const client = await NetconfClient.connect({ host: '127.0.0.1', port, ...user, verifyHostKey: pinnedHostKey(hostKey.fingerprint) });
  await client.editConfig('candidate', ceNetconfDialect.render(JSON.parse(readFileSync(intentFile, 'utf8')) as DeviceIntent));
  await client.commit();
  for (let i = 0; i < warmupRounds; i++) {
    await client.editConfig('candidate', `<interfaces xmlns="http://openconfig.net/yang/interfaces"><interface><name>10GE1/0/1</name><config><description>warm-up ${i}</description></config></interface></interfaces>`);
    await client.commit();
  }
  await client.close();
  console.log(JSON.stringify({ port, fingerprint: hostKey.fingerprint, publicKey: hostKey.publicKey }));
} catch (error) {
  await stop();
  throw error;
}
