import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(import.meta.dirname, '../../../..');
const LOADER = join(import.meta.dirname, 'ts-loader.mjs');
export const PROCESS_USER = { username: 'admin', password: 'process-password' };

export interface ReadyLine {
  name: string;
  netconfPort: number;
  cliPort: number;
  wirePort?: number;
  hostKey: string;
}

/** One `spinel switch` process run from the sources; `stop()` ends it by its PID. */
export class SwitchProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly ready: ReadyLine,
    private readonly stderr: () => string,
  ) {}

  static async start(args: string[]): Promise<SwitchProcess> {
    const child = spawn(process.execPath, ['--conditions=source', '--import', LOADER, join(REPO_ROOT, 'apps/cli/src/main.ts'), 'switch', ...args, '--username', PROCESS_USER.username, '--password-env', 'SWITCH_PASSWORD'], {
      cwd: REPO_ROOT,
      env: { ...process.env, SWITCH_PASSWORD: PROCESS_USER.password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const ready = await new Promise<ReadyLine>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`spinel switch not ready after 20 s: ${stderr}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) {
          clearTimeout(timer);
          resolve(JSON.parse(line) as ReadyLine);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`spinel switch exited with ${code}: ${stderr}`));
      });
    });
    return new SwitchProcess(child, ready, () => stderr);
  }

  /** What the switch wrote to stderr so far (its log). */
  get log(): string {
    return this.stderr();
  }

  /** SIGTERM to its PID, then waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    process.kill(this.child.pid, 'SIGTERM');
    await exited;
  }
}
