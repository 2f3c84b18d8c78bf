import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '#testing';
import { TEST_ADMIN_TOKEN } from './controller.harness.js';

const REPO_ROOT = join(import.meta.dirname, '../..');
const LOADER = join(REPO_ROOT, 'apps/switch-emulator/test/support/ts-loader.mjs');

/**
 * A controller in a process of its own, run from the sources (`apps/controller/src/main.ts`), so a
 * test can kill it by its PID the way an operator's machine dies: no shutdown hook runs.
 */
export class ControllerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly api: ApiClient,
    private readonly dataDir: string,
    private readonly output: () => string,
  ) {}

  static async start(env: Record<string, string>): Promise<ControllerProcess> {
    const dataDir = mkdtempSync(join(tmpdir(), 'spinel-proc-'));
    const child = spawn(process.execPath, ['--conditions=source', '--import', LOADER, join(REPO_ROOT, 'apps/controller/src/main.ts')], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', PORT: '0', HOST: '127.0.0.1', SPINEL_DATA_DIR: dataDir, SPINEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN, SPINEL_SECRET_KEY: 'test-secret', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`controller not ready after 60 s:\n${out}`)), 60_000);
        const look = () => {
          const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1] as string);
          }
        };
        child.stdout?.on('data', look);
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`controller exited with ${code}:\n${out}`));
        });
      });
      return new ControllerProcess(child, url, new ApiClient(url, TEST_ADMIN_TOKEN), dataDir, () => out);
    } catch (e) {
      if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      throw e;
    }
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get log(): string {
    return this.output();
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Kill it by its PID with `signal` (SIGKILL: as if the machine died; SIGTERM: a clean shutdown), and wait for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.alive) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      process.kill(this.pid, signal);
      await exited;
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
