import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetSnmpTools } from './net-snmp-tools.js';

/** A private Net-SNMP `snmpd` on 127.0.0.1 (its own config, pid, log and persistent directory). */
export class SnmpdProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly port: number,
  ) {}

  /**
   * `communities`: name → the OID subtrees it may read (undefined: everything).
   * snmpd is started in the foreground, so the test owns its PID and stops it.
   */
  static async start(communities: Record<string, string[] | undefined>): Promise<SnmpdProcess> {
    const dir = mkdtempSync(join(tmpdir(), 'spinel-snmpd-'));
    const port = await freeUdpPort();
    const lines = [`agentAddress udp:127.0.0.1:${port}`, 'dontLogTCPWrappersConnects yes'];
    for (const [name, subtrees] of Object.entries(communities)) {
      if (!subtrees) {
        lines.push(`rocommunity ${name} 127.0.0.1`);
        continue;
      }
      for (const s of subtrees) lines.push(`view ${name}_view included ${s}`);
      lines.push(`rocommunity ${name} 127.0.0.1 -V ${name}_view`);
    }
    writeFileSync(join(dir, 'snmpd.conf'), `${lines.join('\n')}\n`);
    const child = spawn('/usr/sbin/snmpd', ['-f', '-C', '-c', join(dir, 'snmpd.conf'), '-p', join(dir, 'snmpd.pid'), '-Lf', join(dir, 'snmpd.log')], {
      env: { ...process.env, SNMP_PERSISTENT_DIR: join(dir, 'persist'), MIBS: '' },
      stdio: 'ignore',
    });
    const d = new SnmpdProcess(child, dir, port);
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`snmpd exited with ${code}: ${d.log()}`))));
    exited.catch(() => undefined);
    await Promise.race([d.waitUntilAnswering(Object.keys(communities)[0]!), exited]);
    return d;
  }

  log(): string {
    try {
      return readFileSync(join(this.dir, 'snmpd.log'), 'utf8');
    } catch {
      return '';
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const gone = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await gone;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** snmpd binds after reading its configuration: ask until it answers (bounded). */
  private async waitUntilAnswering(community: string): Promise<void> {
    const tools = new NetSnmpTools();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await tools.get(this.port, community, ['1.3.6.1.2.1.1.3.0'], { timeoutSeconds: 1, retries: 0 });
          return;
        } catch (e) {
          if (attempt >= 20) throw new Error(`snmpd did not answer on 127.0.0.1:${this.port}: ${(e as Error).message}\n${this.log()}`);
        }
      }
    } finally {
      tools.close();
    }
  }
}

/** A UDP port nothing listens on right now (bound, read, released). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
