import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Debian's Net-SNMP command-line tools (package `snmp`, installed by .ci/run), run with numeric
 * OIDs (Debian ships no MIB files) and a persistent directory of their own.
 */
export const NET_SNMP_TOOLS = ['snmpget', 'snmpwalk', 'snmpbulkwalk', 'snmptrap'] as const;

/** Fails loudly, naming the package, when the tools are not installed. */
export function requireNetSnmpTools(): void {
  const probe = spawnSync('snmpget', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`Debian's Net-SNMP tools are required (apt-get install -y snmp snmpd): ${probe.error?.message ?? probe.stderr}`);
  }
}

export interface SnmpLine {
  oid: string;
  type: string;
  value: string;
}

export class NetSnmpTools {
  private readonly dir = mkdtempSync(join(tmpdir(), 'spinel-snmp-tools-'));

  async run(tool: (typeof NET_SNMP_TOOLS)[number], args: string[]): Promise<string> {
    const env = { ...process.env, SNMP_PERSISTENT_DIR: this.dir, MIBS: '', MIBDIRS: this.dir, SNMPCONFPATH: this.dir };
    const { stdout } = await promisify(execFile)(tool, ['-On', '-m', '', ...args], { env, timeout: 20_000 });
    return stdout;
  }

  /** `snmpwalk -v2c -c COMMUNITY 127.0.0.1:PORT OID` → lines parsed into oid/type/value. */
  async walk(port: number, community: string, oid: string, tool: 'snmpwalk' | 'snmpbulkwalk' = 'snmpwalk'): Promise<SnmpLine[]> {
    return parseLines(await this.run(tool, ['-v2c', '-c', community, '-t', '2', '-r', '1', `127.0.0.1:${port}`, oid]));
  }

  /** `timeoutSeconds`/`retries` are snmpget's -t/-r (a silent agent costs timeout × (retries + 1)). */
  async get(port: number, community: string, oids: string[], opts: { timeoutSeconds?: number; retries?: number } = {}): Promise<SnmpLine[]> {
    const args = ['-v2c', '-c', community, '-t', String(opts.timeoutSeconds ?? 2), '-r', String(opts.retries ?? 1), `127.0.0.1:${port}`, ...oids];
    return parseLines(await this.run('snmpget', args));
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `.1.3.6.1.2.1.1.5.0 = STRING: "leaf-1"` → { oid: '1.3.6.1.2.1.1.5.0', type: 'STRING', value: 'leaf-1' }. */
export function parseLines(out: string): SnmpLine[] {
  const lines: SnmpLine[] = [];
  for (const line of out.split('\n')) {
    const m = /^\.?([\d.]+) = (?:([\w-]+): )?(.*)$/.exec(line);
    if (!m) {
      // A multi-line value (a long Hex-STRING) continues the previous line.
      if (line.trim() && lines.length) lines[lines.length - 1]!.value += ` ${line.trim()}`;
      continue;
    }
    const value = m[3]!.replace(/^"(.*)"$/, '$1');
    lines.push({ oid: m[1]!, type: m[2] ?? '', value });
  }
  return lines;
}

/** The lines as a map from OID to value (for assertions on single objects). */
export const byOid = (lines: SnmpLine[]): Map<string, SnmpLine> => new Map(lines.map((l) => [l.oid, l]));
