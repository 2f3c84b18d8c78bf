import { SOFTWARE_VERSION } from '../oper/chassis.js';
import type { SwitchOperations } from '../oper/switch-operations.js';

/** `display version`. */
export function displayVersion(oper: SwitchOperations): string {
  const facts = oper.facts();
  const minutes = Math.floor(facts.uptimeSeconds / 60);
  return [
    'Spinel Versatile Routing Platform Software',
    `VRP (R) software, Version ${SOFTWARE_VERSION}`,
    'Copyright (C) 2026 Spinel contributors',
    `${facts.model} ${facts.hostname} uptime is ${Math.floor(minutes / 1440)} days, ${Math.floor((minutes % 1440) / 60)} hours, ${minutes % 60} minutes`,
  ].join('\n');
}

/** `display esn`. */
export function displayEsn(oper: SwitchOperations): string {
  return `ESN of device: ${oper.facts().serialNumber}`;
}
