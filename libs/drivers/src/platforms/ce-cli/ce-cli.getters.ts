import type { BgpNeighborState, EvpnRoute, Facts, InterfaceCounters, InterfaceState, LldpNeighbor } from '../../driver/device-driver.js';
import { parseBgpPeers } from './display-bgp-peer.parser.js';
import { parseEvpnRoutingTable } from './display-evpn-routes.parser.js';
import { parseDisplayEsn, parseDisplayVersion } from './display-facts.parser.js';
import { parseDisplayInterface, parseInterfaceBrief } from './display-interface.parser.js';
import { parseLldpNeighborBrief } from './display-lldp.parser.js';

/** Types a display command and returns its output. */
export type Display = (command: string) => Promise<string>;

/** The getters of the ce-cli driver: each a display command (or two) read by its parser. */
export const ceCliGetters = {
  async facts(display: Display): Promise<Facts> {
    const version = parseDisplayVersion(await display('display version'));
    const serialNumber = parseDisplayEsn(await display('display esn'));
    const interfaces = parseInterfaceBrief(await display('display interface brief')).map((r) => r.name);
    return { ...version, serialNumber, interfaces };
  },

  async interfaces(display: Display): Promise<InterfaceState[]> {
    return parseDisplayInterface(await display('display interface')).map((d) => d.state);
  },

  async interfaceCounters(display: Display): Promise<InterfaceCounters[]> {
    return parseDisplayInterface(await display('display interface')).map((d) => d.counters);
  },

  async bgpNeighbors(display: Display): Promise<BgpNeighborState[]> {
    const global = parseBgpPeers(await display('display bgp peer'), 'display bgp peer');
    const vrfs = parseBgpPeers(await display('display bgp vpnv4 all peer'), 'display bgp vpnv4 all peer');
    return [...global, ...vrfs];
  },

  async lldpNeighbors(display: Display): Promise<LldpNeighbor[]> {
    return parseLldpNeighborBrief(await display('display lldp neighbor brief'));
  },

  async evpnRoutes(display: Display): Promise<EvpnRoute[]> {
    return parseEvpnRoutingTable(await display('display bgp evpn all routing-table'));
  },
};
