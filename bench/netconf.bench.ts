import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { NetconfClient, pinnedHostKey } from '#drivers';

/**
 * npm run bench:netconf [-- --iterations N --warmup W] — one emulated leaf on 127.0.0.1 (netconf-switch.ts, in a child process), provisioned with a golden intent, then
 * edit-config (an interface description merged into the candidate) + commit round trips over one
 * session, N timed after W untimed, by Spinel's NetconfClient and by Debian's ncclient against the
 * same switch in the same run. Prints rounds per second, p50/p99 latency and the ratio.
 */

const PYTHON = '/usr/bin/python3';
const NCCLIENT_SCRIPT = repoFile('bench/netconf_ncclient.py');
/** A provisioned leaf (the l2-bridge golden case): every commit checks a whole switch config. */
const INTENT_FILE = repoFile('fixtures/cases/l2-bridge/intent/leaf-1.json');
const INTERFACES_NS = 'http://openconfig.net/yang/interfaces';
const INTERFACE = '10GE1/0/1';
const USER = { username: 'bench', password: 'bench-password' };

interface Run {
  client: string;
  framing: string;
  latenciesMs: number[];
  wallMs: number;
}

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
  },
});
const iterations = positiveInteger('iterations', values.iterations);
const warmup = positiveInteger('warmup', values.warmup, 0);

/** A file of the repository, from dist/bench/ (where the built bench runs) or from bench/. */
function repoFile(relative: string): string {
  const found = ['../../', '../'].map((up) => fileURLToPath(new URL(up + relative, import.meta.url))).find((path) => existsSync(path));
  if (!found) throw new Error(`${relative} not found: run the bench from a checkout of the repository`);
  return found;
}

function positiveInteger(name: string, text: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got "${text}"`);
  return n;
}

const descriptionEdit = (description: string): string =>
  `<interfaces xmlns="${INTERFACES_NS}"><interface><name>${INTERFACE}</name><config><description>${description}</description></config></interface></interfaces>`;

async function spinelRun(host: string, port: number, fingerprint: string): Promise<Run & { lastDescription: string }> {
  const client = await NetconfClient.connect({ host, port, ...USER, verifyHostKey: pinnedHostKey(fingerprint) });
  try {
    const latenciesMs: number[] = [];
    let description = '';
    let timedStart = performance.now();
    for (let i = 0; i < warmup + iterations; i++) {
      if (i === warmup) timedStart = performance.now();
      description = `spinel round ${i}`;
      const started = performance.now();
      await client.editConfig('candidate', descriptionEdit(description));
      await client.commit();
      if (i >= warmup) latenciesMs.push(performance.now() - started);
    }
    return { client: 'Spinel NetconfClient', framing: client.framing, latenciesMs, wallMs: performance.now() - timedStart, lastDescription: description };
  } finally {
    await client.close();
  }
}

/** `tickSeconds` replaces ncclient's 0.1 s send-queue poll (see the script); undefined keeps it. */
async function ncclientRun(host: string, port: number, hostKeyB64: string, tickSeconds?: number): Promise<Run & { lastDescription: string }> {
  const args = [NCCLIENT_SCRIPT, host, String(port), USER.username, USER.password, hostKeyB64, INTERFACE, String(iterations), String(warmup)];
  if (tickSeconds !== undefined) args.push(String(tickSeconds));
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(PYTHON, args, { maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? '';
    throw new Error(`ncclient run failed (needs Debian's python3-ncclient, run by ${PYTHON}): ${(error as Error).message}\n${stderr}`);
  }
  const out = JSON.parse(stdout) as { framing: string; latencies_ms: number[]; last_description: string };
  // Python measured each round; the sum is its timed wall clock without interpreter start-up.
  const wallMs = out.latencies_ms.reduce((a, b) => a + b, 0);
  const client = tickSeconds === undefined ? 'ncclient' : `ncclient, TICK ${tickSeconds * 1000} ms`;
  return { client, framing: out.framing, latenciesMs: out.latencies_ms, wallMs, lastDescription: out.last_description };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(run: Run): { rate: number; line: string } {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  const rate = (run.latenciesMs.length / run.wallMs) * 1000;
  const line =
    `${run.client.padEnd(24)} ${run.framing.padEnd(8)} ${rate.toFixed(0).padStart(7)} rounds/s   ` +
    `p50 ${percentile(sorted, 50).toFixed(2).padStart(7)} ms   p99 ${percentile(sorted, 99).toFixed(2).padStart(7)} ms   ` +
    `max ${sorted.at(-1)!.toFixed(2).padStart(7)} ms`;
  return { rate, line };
}

async function main(): Promise<void> {
  const device = await startSwitch();
  try {
    const host = '127.0.0.1';
    const { port, fingerprint, publicKey } = device.endpoint;
    console.log(
      `emulated leaf-1 (provisioned: l2-bridge golden intent) in its own process on ${host}:${port}; ` +
        `one session per client, ${warmup} warm-up + ${iterations} timed rounds of edit-config (candidate) + commit`,
    );

    const hostKeyB64 = publicKey.split(' ')[1]!;
    const runs = [await spinelRun(host, port, fingerprint), await ncclientRun(host, port, hostKeyB64, 0.001), await ncclientRun(host, port, hostKeyB64)];
    // The last client's last edit must have reached running, or the figures measure nothing.
    const running = await readDescription(host, port, fingerprint);
    if (running !== runs.at(-1)!.lastDescription) throw new Error(`running has description "${running}", expected "${runs.at(-1)!.lastDescription}"`);

    console.log(`${'client'.padEnd(24)} ${'framing'.padEnd(8)}`);
    const [spinel, fastTick, stock] = runs.map((run) => summary(run));
    for (const s of [spinel!, fastTick!, stock!]) console.log(s.line);
    console.log(`Spinel / ncclient throughput: ${(spinel!.rate / stock!.rate).toFixed(1)}x as shipped, ${(spinel!.rate / fastTick!.rate).toFixed(1)}x with TICK 1 ms`);
  } finally {
    await device.stop();
  }
}

interface SwitchEndpoint {
  port: number;
  fingerprint: string;
  publicKey: string;
}

/** Starts netconf-switch.js (built next to this file) and waits for the endpoint it prints. */
async function startSwitch(): Promise<{ endpoint: SwitchEndpoint; stop: () => Promise<void> }> {
  const script = fileURLToPath(new URL('./netconf-switch.js', import.meta.url));
  if (!existsSync(script)) throw new Error(`${script} not found: run the built bench (npm run bench:netconf)`);
  const child = spawn(process.execPath, [script, INTENT_FILE, USER.username, USER.password], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (data: Buffer) => {
        out += data.toString('utf8');
        if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
      });
      child.once('exit', (code, signal) => reject(new Error(`the emulated switch exited (${code ?? signal}) before it was ready`)));
    });
    return { endpoint: JSON.parse(line) as SwitchEndpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function readDescription(host: string, port: number, fingerprint: string): Promise<string | undefined> {
  const client = await NetconfClient.connect({ host, port, ...USER, verifyHostKey: pinnedHostKey(fingerprint) });
  try {
    const data = await client.getConfig('running', { subtree: `<interfaces xmlns="${INTERFACES_NS}"/>` });
    return new RegExp(`<name>${INTERFACE}</name>[\\s\\S]*?<description>([^<]*)</description>`).exec(data)?.[1];
  } finally {
    await client.close();
  }
}

await main();
