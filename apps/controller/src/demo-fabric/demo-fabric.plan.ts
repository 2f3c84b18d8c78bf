import type { DeviceRole } from '#intent';

/** One switch of the demo fabric: what the emulator runs and what the inventory records. */
export interface DemoSwitch {
  name: string;
  role: DeviceRole;
  /** The driver the controller reaches it with; the management port follows (NETCONF or CLI). */
  platform: 'ce-netconf' | 'ce-cli';
  loopbackIp: string;
  netconfPort: number;
  cliPort: number;
  /** The port recorded as the device's management port: NETCONF for ce-netconf, the SSH CLI for ce-cli. */
  managementPort: number;
}

/** A cable between two switches, the same in the emulators (`connectPorts`) and in the inventory (a link). */
export interface DemoLink {
  a: string;
  aInterface: string;
  b: string;
  bInterface: string;
}

export interface DemoFabricPlan {
  fabric: { name: string; asn: number; underlayProtocol: 'ebgp' };
  switches: DemoSwitch[];
  links: DemoLink[];
  username: string;
}

export const DEMO_FABRIC_NAME = 'demo';
export const DEMO_USERNAME = 'admin';

/**
 * Two spines and four leaves, every leaf cabled to both spines (leaf uplinks 100GE1/0/1-2, spine
 * downlinks 10GE1/0/<leaf>). Leaves 1-2 and the spines speak NETCONF, leaves 3-4 the CLI, so both
 * drivers are on the path. Ports are fixed offsets from the base, the same on every start.
 */
export function demoFabricPlan(basePort: number): DemoFabricPlan {
  const spec: Array<Pick<DemoSwitch, 'name' | 'role' | 'platform' | 'loopbackIp'>> = [
    { name: 'spine-1', role: 'spine', platform: 'ce-netconf', loopbackIp: '10.255.0.1' },
    { name: 'spine-2', role: 'spine', platform: 'ce-netconf', loopbackIp: '10.255.0.2' },
    { name: 'leaf-1', role: 'leaf', platform: 'ce-netconf', loopbackIp: '10.255.0.11' },
    { name: 'leaf-2', role: 'leaf', platform: 'ce-netconf', loopbackIp: '10.255.0.12' },
    { name: 'leaf-3', role: 'leaf', platform: 'ce-cli', loopbackIp: '10.255.0.13' },
    { name: 'leaf-4', role: 'leaf', platform: 'ce-cli', loopbackIp: '10.255.0.14' },
  ];
  const switches = spec.map((s, i): DemoSwitch => {
    const netconfPort = basePort + i;
    const cliPort = basePort + 10 + i;
    return { ...s, netconfPort, cliPort, managementPort: s.platform === 'ce-cli' ? cliPort : netconfPort };
  });
  const links: DemoLink[] = [];
  for (let leaf = 1; leaf <= 4; leaf++) {
    for (let spine = 1; spine <= 2; spine++) {
      links.push({ a: `spine-${spine}`, aInterface: `10GE1/0/${leaf}`, b: `leaf-${leaf}`, bInterface: `100GE1/0/${spine}` });
    }
  }
  return { fabric: { name: DEMO_FABRIC_NAME, asn: 65000, underlayProtocol: 'ebgp' }, switches, links, username: DEMO_USERNAME };
}
