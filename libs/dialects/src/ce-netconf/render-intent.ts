import { canonicalize, type DeviceIntent } from '#intent';
import { NS } from './namespaces.js';
import { renderAcls } from './render-acl.js';
import { renderBridgeDomain } from './render-bridge-domain.js';
import { renderDefaultInstance } from './render-default-instance.js';
import { renderInterfaces } from './render-interfaces.js';
import { renderDeviceExtension, renderNat } from './render-spinel-ext.js';
import { renderVrf } from './render-vrf.js';
import { ns, type YNode } from './yang-tree.js';

const sys = ns(NS.system);
const ni = ns(NS.networkInstance);

/**
 * The whole device configuration as top-level YANG trees (the children of `<config>`), from the
 * canonical form of the intent so that equal intents give identical documents.
 */
export function intentTrees(intent: DeviceIntent): YNode[] {
  const i = canonicalize(intent);
  assertRenderable(i);
  return [
    sys.c('system', sys.c('config', sys.l('hostname', i.device))),
    renderInterfaces(i),
    ni.c('network-instances', renderDefaultInstance(i), i.vrfs.map((v) => renderVrf(i, v)), i.bridgeDomains.map(renderBridgeDomain)),
    renderAcls(i),
    renderDeviceExtension(i),
    renderNat(i),
  ].filter((t): t is YNode => !!t);
}

/** Intents this dialect cannot express faithfully are refused rather than rendered half-right. */
function assertRenderable(i: DeviceIntent): void {
  const vrfs = new Set(i.vrfs.map((v) => v.name));
  for (const bd of i.bridgeDomains) {
    if (bd.vrf && !vrfs.has(bd.vrf)) throw new Error(`bridge domain ${bd.id} routes into VRF ${bd.vrf}, which the intent does not define`);
  }
}
