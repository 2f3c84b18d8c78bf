import type { SwitchOperations } from '../oper/switch-operations.js';
import { left } from './display-format.js';

/** `display lldp neighbor brief`. */
export function displayLldpNeighborBrief(oper: SwitchOperations): string {
  const lines = ['Local Intf       Neighbor Dev             Neighbor Intf             Exptime (sec)'];
  for (const n of oper.lldpNeighbors()) lines.push(`${left(n.localInterface, 17)}${left(n.remoteSystem, 25)}${left(n.remoteInterface, 26)}${oper.lldpExpiry(n.localInterface)}`);
  return lines.join('\n');
}
