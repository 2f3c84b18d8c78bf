import type { LldpNeighbor } from '../../driver/device-driver.js';
import { columns, displayLines, malformed } from './display-output.js';

/** `display lldp neighbor brief`: `Local Intf  Neighbor Dev  Neighbor Intf  Exptime (sec)` rows. */
export function parseLldpNeighborBrief(output: string): LldpNeighbor[] {
  const command = 'display lldp neighbor brief';
  const lines = displayLines(output);
  const header = lines.findIndex((l) => /^Local Intf\s+Neighbor Dev\s+Neighbor Intf\b/.test(l.text.trim()));
  if (header < 0) {
    const stray = lines.find((l) => l.text.trim() !== '');
    if (stray) throw malformed(command, stray, 'comes without the "Local Intf  Neighbor Dev  Neighbor Intf  Exptime (sec)" header');
    return [];
  }
  const neighbors: LldpNeighbor[] = [];
  for (const line of lines.slice(header + 1)) {
    const cells = columns(line.text);
    if (cells.length === 0) continue;
    if (cells.length !== 4 || !/^\d+$/.test(cells[3]!)) throw malformed(command, line, 'is not "<local interface> <neighbor> <neighbor interface> <expiry>"');
    neighbors.push({ localInterface: cells[0]!, remoteSystem: cells[1]!, remoteInterface: cells[2]! });
  }
  return neighbors;
}
