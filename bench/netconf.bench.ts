import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { NetconfClient, type NetconfClientOptions, pinnedHostKey } from '#drivers';
import { NetconfdLab } from '../libs/drivers/test/interop/netconfd-lab.js';

/**
 * npm run bench:netconf [-- --iterations N --warmup W --netconfd] — one emulated leaf on 127.0.0.1
 * (netconf-switch.ts, in a child process), provisioned with a golden intent, then edit-config (an
 * interface description merged into the candidate) + commit round trips over one session, N timed
 * after W untimed, by Spinel's NetconfClient and by Debian's ncclient against the same switch in
 * the same run. Prints rounds per second, p50/p99 latency and the ratio. With --netconfd, the same
 * against yuma123's netconfd behind OpenSSH (libs/drivers/test/interop/netconfd-lab.ts).
 */

const PYTHON = '/usr/bin/python3';
const NCCLIENT_SCRIPT = repoFile('bench/netconf_ncclient.py');
/** A provisioned leaf (the l2-bridge golden case): every commit checks a whole switch config. */
const INTENT_FILE = repoFile('fixtures/cases/l2-bridge/intent/leaf-1.json');
const USER = { username: 'bench', password: 'bench-password' };
const IETF_IF_NS = 'urn:ietf:params:xml:ns:yang:ietf-interfaces';

/** A NETCONF server to measure against, and how each client logs in to it. */
interface Target {
  title: string;
  spinel: NetconfClientOptions;
  /** ncclient's credential argument: password:<password> or keyfile:<path>. */
  ncclientCredential: string;
  hostKeyB64: string;
  /** The content of the `<config>` each round merges, with a `{description}` placeholder. */
  edit: string;
  stop(): Promise<void>;
}

interface Run {
  client: string;
  framing: string;
  latenciesMs: number[];
  wallMs: number;
  lastDescription: string;
}

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    netconfd: { type: 'boolean', default: false },
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

async function spinelRun(target: Target): Promise<Run> {
  const client = await NetconfClient.connect(target.spinel);
  try {
    const latenciesMs: number[] = [];
    let description = '';
    let timedStart = performance.now();
    for (let i = 0; i < warmup + iterations; i++) {
      if (i === warmup) timedStart = performance.now();
      description = `spinel round ${i}`;
      const started = performance.now();
      await client.editConfig('candidate', target.edit.replace('{description}', description));
      await client.commit();
      if (i >= warmup) latenciesMs.push(performance.now() - started);
    }
    return { client: 'Spinel NetconfClient', framing: client.framing, latenciesMs, wallMs: performance.now() - timedStart, lastDescription: description };
  } finally {
    await client.close();
  }
}

/** `tickSeconds` replaces ncclient's 0.1 s send-queue poll (see the script); undefined keeps it. */
async function ncclientRun(target: Target, tickSeconds?: number): Promise<Run> {
  const { host, port, username } = target.spinel;
  const args = [NCCLIENT_SCRIPT, host, String(port), username, target.ncclientCredential, target.hostKeyB64, target.edit, String(iterations), String(warmup)];
  if (tickSeconds !== undefined) args.push(String(tickSeconds));
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(PYTHON, args, { maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? '';
    throw new Error(`ncclient run failed (needs Debian's python3-ncclient, run by ${PYTHON}): ${(error as Error).message}\n${stderr}`);
  }
  const out = JSON.parse(stdout) as { framing: string; latencies_ms: number[]; last_description: string };
  // Python timed each round; their sum is its wall clock without interpreter start-up.
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

async function measure(start: () => Promise<Target>): Promise<void> {
  const target = await start();
  try {
    console.log(`\n${target.title}: one session per client, ${warmup} warm-up + ${iterations} timed rounds of edit-config (candidate) + commit`);
    const runs = [await spinelRun(target), await ncclientRun(target, 0.001), await ncclientRun(target)];
    // The last client's last edit must have reached running, or the figures measure nothing.
    const running = await runningDescription(target);
    if (running !== runs.at(-1)!.lastDescription) throw new Error(`running has description "${running}", expected "${runs.at(-1)!.lastDescription}"`);

    console.log(`${'client'.padEnd(24)} ${'framing'.padEnd(8)}`);
    const [spinel, fastTick, stock] = runs.map((run) => summary(run));
    for (const s of [spinel!, fastTick!, stock!]) console.log(s.line);
    console.log(`Spinel / ncclient throughput: ${(spinel!.rate / stock!.rate).toFixed(1)}x as shipped, ${(spinel!.rate / fastTick!.rate).toFixed(1)}x with TICK 1 ms`);
  } finally {
    await target.stop();
  }
}

/** The description the edit sets, as running has it now. */
async function runningDescription(target: Target): Promise<string | undefined> {
  const client = await NetconfClient.connect(target.spinel);
  try {
    const name = /<name>([^<]*)<\/name>/.exec(target.edit)![1]!;
    const data = await client.getConfig('running');
    return new RegExp(`<name>${name}</name>[\\s\\S]*?<description>([^<]*)</description>`).exec(data)?.[1];
  } finally {
    await client.close();
  }
}

/** The emulated leaf, in a child process (netconf-switch.js, built next to this file). */
async function emulatedSwitch(): Promise<Target> {
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
    const { port, fingerprint, publicKey } = JSON.parse(line) as { port: number; fingerprint: string; publicKey: string };
    return {
      title: `emulated leaf-1 (l2-bridge golden intent) in its own process on 127.0.0.1:${port}`,
      spinel: { host: '127.0.0.1', port, ...USER, verifyHostKey: pinnedHostKey(fingerprint) },
      ncclientCredential: `password:${USER.password}`,
      hostKeyB64: publicKey.split(' ')[1]!,
      edit: `<interfaces xmlns="http://openconfig.net/yang/interfaces"><interface><name>10GE1/0/1</name><config><description>{description}</description></config></interface></interfaces>`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** yuma123's netconfd behind OpenSSH, with one ietf-interfaces interface committed. */
async function netconfd(): Promise<Target> {
  const lab = await NetconfdLab.start();
  try {
    // An interface name that does not exist here: netconfd runs `ifconfig <name> up` on commit.
    const name = 'spx-bench';
    const client = await lab.connect();
    await client.editConfig(
      'candidate',
      `<interfaces xmlns="${IETF_IF_NS}"><interface><name>${name}</name>` +
        `<type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:ethernetCsmacd</type></interface></interfaces>`,
    );
    await client.commit();
    await client.close();
    return {
      title: `netconfd (yuma123) behind OpenSSH on 127.0.0.1:${lab.port}`,
      spinel: lab.clientOptions(),
      ncclientCredential: `keyfile:${lab.clientKeyPath}`,
      hostKeyB64: lab.hostPublicKey.split(' ')[1]!,
      edit: `<interfaces xmlns="${IETF_IF_NS}"><interface><name>${name}</name><description>{description}</description></interface></interfaces>`,
      stop: () => lab.close(),
    };
  } catch (error) {
    await lab.close();
    throw error;
  }
}

await measure(emulatedSwitch);
if (values.netconfd) await measure(netconfd);
