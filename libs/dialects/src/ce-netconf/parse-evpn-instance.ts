import type { Cursor } from './tree-cursor.js';
import { V } from './value-parsers.js';

/** The single openconfig-evpn instance of a VRF or bridge domain: its EVI, VNI, RD and route targets. */
export function parseEvpnInstance(instance: Cursor): { evi: Cursor; vni: number; config: Cursor } {
  const evis = instance.need('evpn').list('evpn-instances', 'evpn-instance');
  if (evis.length !== 1) (evis[1] ?? instance.need('evpn')).fail(`expected exactly one evpn-instance, found ${evis.length}`);
  const evi = evis[0]!;
  const vni = evi.need('vxlan').need('config').needParse('vni', V.vni);
  return { evi, vni, config: evi.need('config') };
}

/** `import-export-policy/config` route targets of a network instance or an EVPN instance. */
export function parseRouteTargets(policyParent: Cursor | undefined): { importRouteTargets: string[]; exportRouteTargets: string[] } {
  const config = policyParent?.child('import-export-policy')?.child('config');
  return {
    importRouteTargets: config?.parseValues('import-route-target', V.routeTarget) ?? [],
    exportRouteTargets: config?.parseValues('export-route-target', V.routeTarget) ?? [],
  };
}
