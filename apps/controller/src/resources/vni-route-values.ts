import { routeDistinguisherFor, routeTargetFor } from '#ipam';
import { IntentTransaction } from '../intent/intent-transaction.js';

/** The BGP values of a VRF (VPC) or bridge domain (logical switch) that default to `<asn>:<vni>`. */
export interface VniRouteValues {
  routeDistinguisher: string;
  importRouteTargets: string[];
  exportRouteTargets: string[];
}

/**
 * When a VPC or logical switch moves to another VNI, the values derived from the old VNI move with
 * it. Left behind, they would outlive the VNI: whoever reuses the freed VNI derives the same route
 * target, and the two VRFs (or bridge domains) import each other's routes — across tenants.
 * Values the operator chose (anything but the old derivation), and those the same PATCH sets, stay.
 */
export function followVni(target: VniRouteValues, asn: number, from: number, to: number, patch: Partial<VniRouteValues>, field: string): void {
  if (from === to) return;
  const oldRd = derivable(() => routeDistinguisherFor(asn, from));
  if (patch.routeDistinguisher === undefined && oldRd !== undefined && target.routeDistinguisher === oldRd) {
    target.routeDistinguisher = IntentTransaction.at(field, () => routeDistinguisherFor(asn, to));
  }
  const oldRt = derivable(() => routeTargetFor(asn, from));
  for (const key of ['importRouteTargets', 'exportRouteTargets'] as const) {
    if (patch[key] !== undefined || oldRt === undefined || !target[key].includes(oldRt)) continue;
    const newRt = IntentTransaction.at(field, () => routeTargetFor(asn, to));
    target[key] = target[key].map((rt) => (rt === oldRt ? newRt : rt));
  }
}

/** The old derivation, or undefined when none was possible (then nothing can have been derived). */
function derivable(derive: () => string): string | undefined {
  try {
    return derive();
  } catch {
    return undefined;
  }
}
