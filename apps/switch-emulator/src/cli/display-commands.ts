import type { SwitchOperations } from '../oper/switch-operations.js';
import { displayBgpPeer, displayBgpVpnv4Peer } from './display-bgp.js';
import { displayEvpnRoutingTable, displayVxlanTunnel } from './display-evpn.js';
import { displayInterfaceBrief, displayInterfaces } from './display-interface.js';
import { displayLldpNeighborBrief } from './display-lldp.js';
import { displayEsn, displayVersion } from './display-system.js';
import { columnOfWord } from './vrp-command-syntax.js';

const EOL = '\r\n';
/** An interface name in a command: checked against the switch's interfaces. */
const IF = '<interface>';

interface DisplayCommand {
  words: readonly string[];
  run: (oper: SwitchOperations, args: string[]) => string;
}

const COMMANDS: readonly DisplayCommand[] = [
  { words: ['version'], run: displayVersion },
  { words: ['esn'], run: displayEsn },
  { words: ['interface'], run: (o) => displayInterfaces(o.interfaces()) },
  { words: ['interface', 'brief'], run: (o) => displayInterfaceBrief(o.interfaces()) },
  { words: ['interface', IF], run: (o, [name]) => displayInterfaces(o.interfaces().filter((i) => i.name === name)) },
  { words: ['bgp', 'peer'], run: displayBgpPeer },
  { words: ['bgp', 'vpnv4', 'all', 'peer'], run: displayBgpVpnv4Peer },
  { words: ['bgp', 'evpn', 'all', 'routing-table'], run: displayEvpnRoutingTable },
  { words: ['lldp', 'neighbor', 'brief'], run: displayLldpNeighborBrief },
  { words: ['vxlan', 'tunnel'], run: displayVxlanTunnel },
];

const FIRST_WORDS = new Set(COMMANDS.map((c) => c.words[0]));

/**
 * The operational `display` commands (docs/operational-state.md), or undefined when the line is
 * not one of them (other display commands are the session's own). A line that starts like one but
 * goes wrong gets VRP's caret under the first word the switch could not take.
 */
export function displayOperational(oper: SwitchOperations, line: string, promptWidth: number): string | undefined {
  const text = line.trim();
  const words = text.split(/\s+/);
  if (words[0] !== 'display' || !FIRST_WORDS.has(words[1]?.toLowerCase() ?? '')) return undefined;
  const typed = words.slice(1);
  const names = new Map(oper.interfaces().map((i) => [i.name.toLowerCase(), i.name]));
  let best = { taken: 0, wrongParameter: false };
  for (const command of COMMANDS) {
    const args: string[] = [];
    let taken = 0;
    let wrongParameter = false;
    for (const word of command.words) {
      const typedWord = typed[taken];
      if (typedWord === undefined) break;
      if (word === IF) {
        const name = names.get(typedWord.toLowerCase());
        if (!name) {
          wrongParameter = true;
          break;
        }
        args.push(name);
      } else if (word !== typedWord.toLowerCase()) break;
      taken++;
    }
    if (taken === command.words.length && taken === typed.length) return crlf(command.run(oper, args)) + EOL;
    if (taken > best.taken || (taken === best.taken && wrongParameter)) best = { taken, wrongParameter };
  }
  // Every typed word matched some command's beginning: the line stops short of a whole command.
  if (best.taken === typed.length) return caret(promptWidth + text.length, 'Incomplete command');
  const column = columnOfWord(text, best.taken + 1);
  return caret(promptWidth + column, best.wrongParameter ? 'Wrong parameter' : 'Unrecognized command');
}

function caret(column: number, what: 'Incomplete command' | 'Unrecognized command' | 'Wrong parameter'): string {
  return `${' '.repeat(column)}^${EOL}Error: ${what} found at '^' position.${EOL}`;
}

const crlf = (text: string): string => text.replace(/\r?\n/g, EOL);
