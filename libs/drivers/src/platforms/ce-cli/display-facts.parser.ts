import type { Facts } from '../../driver/device-driver.js';
import { displayLines, malformed } from './display-output.js';

export type VersionFacts = Pick<Facts, 'vendor' | 'model' | 'hostname' | 'osVersion' | 'uptimeSeconds'>;

const VENDOR = /^(\S+) Versatile Routing Platform Software$/;
const VERSION = /^VRP \(R\) software, Version (.+)$/;
const UPTIME = /^(\S+) (\S+) uptime is (\d+) days?, (\d+) hours?, (\d+) minutes?$/;

/** `display version`: vendor (first line), software version, model, hostname and uptime. */
export function parseDisplayVersion(output: string): VersionFacts {
  const command = 'display version';
  let vendor: string | undefined;
  let osVersion: string | undefined;
  let uptime: { model: string; hostname: string; seconds: number } | undefined;
  for (const line of displayLines(output)) {
    const text = line.text.trim();
    const v = VENDOR.exec(text);
    if (v) vendor = v[1];
    const os = VERSION.exec(text);
    if (os) osVersion = os[1];
    if (/ uptime is /.test(text)) {
      const u = UPTIME.exec(text);
      if (!u) throw malformed(command, line, 'is not "<model> <name> uptime is <d> days, <h> hours, <m> minutes"');
      uptime = { model: u[1]!, hostname: u[2]!, seconds: ((Number(u[3]) * 24 + Number(u[4])) * 60 + Number(u[5])) * 60 };
    }
  }
  if (!vendor) throw malformed(command, undefined, 'has no "<vendor> Versatile Routing Platform Software" line');
  if (!osVersion) throw malformed(command, undefined, 'has no "VRP (R) software, Version …" line');
  if (!uptime) throw malformed(command, undefined, 'has no "… uptime is …" line');
  return { vendor, osVersion, model: uptime.model, hostname: uptime.hostname, uptimeSeconds: uptime.seconds };
}

/** `display esn` → the serial number. */
export function parseDisplayEsn(output: string): string {
  const lines = displayLines(output).filter((l) => l.text.trim() !== '');
  const found = lines.map((l) => /^ESN of device:\s*(\S+)$/.exec(l.text.trim())?.[1]).find(Boolean);
  if (!found) throw malformed('display esn', lines[0], 'has no "ESN of device: <serial>" line');
  return found;
}
