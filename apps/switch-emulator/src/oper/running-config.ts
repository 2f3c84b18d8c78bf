import { ceNetconfDialect } from '#dialects';
import { XmlElement } from '#drivers';
import type { DeviceIntent } from '#intent';
import type { SwitchConfigStore } from '../device/switch-config-store.js';

/** What an interface's configuration says (`interfaces/interface/config`). */
export interface ConfiguredInterface {
  description: string;
  mtu: number | undefined;
}

/** The parts of the running configuration the operational state derives from. */
export interface RunningConfig {
  hostname: string;
  /** Every interface the configuration names, in its order. */
  interfaces: Map<string, ConfiguredInterface>;
  /** Undefined in the factory state (or, defensively, when running does not read as an intent). */
  intent: DeviceIntent | undefined;
}

/** Reads running through the ce-netconf dialect, as the store validates it. */
export function readRunning(store: SwitchConfigStore, log?: (message: string) => void): RunningConfig {
  const data = XmlElement.parseDocument(store.toData('running'));
  const interfaces = new Map<string, ConfiguredInterface>();
  for (const i of data.child('interfaces')?.children() ?? []) {
    const config = i.child('config');
    const name = i.child('name')?.text();
    if (!name) continue;
    const mtu = config?.child('mtu')?.text();
    interfaces.set(name, { description: config?.child('description')?.text() ?? '', mtu: mtu ? Number(mtu) : undefined });
  }
  let intent: DeviceIntent | undefined;
  try {
    intent = data.children().length > 1 ? ceNetconfDialect.parse(store.toConfig('running'), store.context) : undefined;
  } catch (error) {
    log?.(`running configuration does not read as an intent: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { hostname: data.child('system')?.child('config')?.child('hostname')?.text() ?? store.context.device, interfaces, intent };
}
