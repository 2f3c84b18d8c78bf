import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';

const REPO_ROOT = join(import.meta.dirname, '../..');
const LOADER = join(REPO_ROOT, 'apps/switch-emulator/test/support/ts-loader.mjs');
/** Settings of the test runner that must not leak into a controller started as `npm start` would be. */
const INHERITED_OUT = ['DATABASE_URL', 'REDIS_URL', 'SPINEL_DEMO_FABRIC', 'SPINEL_DEMO_BASE_PORT', 'SPINEL_DATA_DIR', 'SPINEL_ADMIN_TOKEN', 'SPINEL_SECRET_KEY', 'PORT', 'HOST'];

/** The controller as its own process (`apps/controller/src/main.ts` from the sources, what `npm start` runs built); stopped by PID. */
export class ControllerProcess {
  private out = '';
  private err = '';
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => (this.out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.err += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Starts it and waits until it prints `until` (default: the listening line); `url` is read from that line. */
  static async start(env: Record<string, string>, until: RegExp = /listening on http/): Promise<ControllerProcess & { url: string }> {
    const base = { ...process.env };
    for (const k of INHERITED_OUT) delete base[k];
    const child = spawn(process.execPath, ['--conditions=source', '--import', LOADER, join(REPO_ROOT, 'apps/controller/src/main.ts')], {
      cwd: REPO_ROOT,
      env: { ...base, NO_COLOR: '1', PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const p = new ControllerProcess(child);
    try {
      await p.waitFor(until);
      await p.waitFor(/listening on http/);
    } catch (e) {
      await p.stop();
      throw e;
    }
    const url = /listening on (http:\/\/[^\s]+)/.exec(p.out)![1]!;
    return Object.assign(p, { url });
  }

  get stdout(): string {
    return this.out;
  }

  async waitFor(pattern: RegExp, timeoutMs = 45_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.out)) {
      if (this.child.exitCode !== null) throw new Error(`controller exited with ${this.child.exitCode} before printing ${pattern}:\n${this.out}\n${this.err}`);
      if (Date.now() > deadline) throw new Error(`controller did not print ${pattern} within ${timeoutMs} ms:\n${this.out}\n${this.err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM to its PID; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.pid !== undefined) process.kill(this.child.pid, 'SIGTERM');
    return this.exited;
  }
}

/** A base port whose next `span` ports are all free on 127.0.0.1 now. */
export async function freePortRange(span: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let free = true;
    for (let p = base; p < base + span && free; p++) free = await canListen(p);
    if (free) return base;
  }
  throw new Error(`no free range of ${span} ports found on 127.0.0.1`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.connect(port, '127.0.0.1');
  });
}
