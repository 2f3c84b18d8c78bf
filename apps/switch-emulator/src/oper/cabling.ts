import { duplexPair } from 'node:stream';
import type { SwitchOperations } from './switch-operations.js';
import { WireLink } from './wire-protocol.js';

/** Anything that has a switch's operational state: the state itself, or an EmulatedSwitch. */
export type Cableable = SwitchOperations | { oper: SwitchOperations };

/** A cable between two ports; `disconnect()` pulls it out at both ends. */
export interface Cable {
  disconnect(): void;
}

const opsOf = (x: Cableable): SwitchOperations => ('oper' in x ? x.oper : x);

/**
 * Cables two switches of this process port to port. The ends speak the same wire protocol as a
 * cable between processes, over an in-memory duplex instead of TCP.
 */
export function connectPorts(a: Cableable, portA: string, b: Cableable, portB: string): Cable {
  const [opsA, opsB] = [opsOf(a), opsOf(b)];
  for (const [ops, port] of [[opsA, portA], [opsB, portB]] as const) {
    if (!ops.hasPort(port)) throw new Error(`${ops.hostname} has no port ${port}`);
    if (ops.cabled(port)) throw new Error(`${ops.hostname} ${port} is already cabled`);
  }
  const [endA, endB] = duplexPair();
  const linkA = new WireLink(endA);
  const linkB = new WireLink(endB);
  opsA.attach(portA, linkA);
  opsB.attach(portB, linkB);
  return {
    disconnect: () => {
      linkA.close('cable pulled');
      linkB.close('cable pulled');
    },
  };
}
