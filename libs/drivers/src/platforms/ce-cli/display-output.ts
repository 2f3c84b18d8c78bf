import { DeviceError } from '../../device-error.js';

/** One line of a `display` command's output, numbered from 1, for errors that name it. */
export interface DisplayLine {
  no: number;
  text: string;
}

export function displayLines(output: string): DisplayLine[] {
  return output.split('\n').map((text, i) => ({ no: i + 1, text: text.replace(/\s+$/, '') }));
}

/** Output the driver cannot read: PROTOCOL, naming the command and the line. */
export function malformed(command: string, line: DisplayLine | undefined, reason: string): DeviceError {
  const where = line ? `, line ${line.no} "${line.text.trim()}"` : '';
  return new DeviceError('PROTOCOL', `unexpected output of "${command}"${where}: ${reason}`);
}

/** The words of a table row (columns are separated by runs of spaces; their widths are not fixed). */
export const columns = (text: string): string[] => text.trim().split(/\s+/).filter(Boolean);

/** A VRP MAC (`00e0-fc12-3456`) in the normalized colon form (`00:e0:fc:12:34:56`); undefined if it is not one. */
export function colonMac(vrp: string): string | undefined {
  if (!/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/i.test(vrp)) return undefined;
  const hex = vrp.replace(/-/g, '').toLowerCase();
  return hex.match(/../g)!.join(':');
}

export function parseCount(command: string, line: DisplayLine, value: string | undefined, what: string): number {
  if (value === undefined || !/^\d+$/.test(value)) throw malformed(command, line, `${what} is not a number`);
  return Number(value);
}
