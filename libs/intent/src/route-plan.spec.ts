import { describe, expect, it } from 'vitest';
import { routePlan } from './route-plan.js';
import type { FabricSnapshot } from './snapshot.js';
import { GOLDEN_CASES } from './testing/golden-cases.js';

const on = (GOLDEN_CASES['l3-route-suppression-on'] as () => FabricSnapshot)();
const green = () => on.vpcs[0]?.id as string;

describe('route plan (suppression what-if)', () => {
  it('without suppression: one /32 per pod on every leaf of the VPC', () => {
    const plan = routePlan(on, green(), false);
    expect(plan.leaves.map((l) => l.leaf)).toEqual(['leaf-1', 'leaf-2']);
    expect(plan.leaves[0]?.routes.map((r) => r.prefix)).toEqual(['10.2.0.2/32', '10.2.0.3/32', '10.2.0.10/32', '10.2.0.66/32']);
    expect(plan.summary).toMatchObject({ maxRoutesPerLeaf: 4, totalRouteEntries: 8, exceptions: 0, blackholed: 0, atRiskWithoutExceptions: 0 });
  });

  it('with suppression: block aggregates plus the moved fixed IP as an exception, and nothing blackholed', () => {
    const plan = routePlan(on, green(), true);
    expect(plan.leaves[0]?.routes).toEqual([
      { prefix: '10.2.0.0/26', kind: 'block-aggregate', origin: 'worker-1' },
      { prefix: '10.2.0.10/32', kind: 'exception', origin: 'worker-2' },
      { prefix: '10.2.0.64/26', kind: 'block-aggregate', origin: 'worker-2' },
    ]);
    expect(plan.exceptions).toEqual([{ port: 'pod-fixed', ip: '10.2.0.10', node: 'worker-2', coveredBy: 'worker-1' }]);
    expect(plan.blackholed).toEqual([]);
    // Without its /32, worker-1's aggregate would swallow the moved pod's traffic.
    expect(plan.blackholedWithoutExceptions).toEqual([{ port: 'pod-fixed', ip: '10.2.0.10', node: 'worker-2', coveredBy: 'worker-1' }]);
    expect(plan.summary).toMatchObject({ maxRoutesPerLeaf: 3, exceptions: 1, blackholed: 0, atRiskWithoutExceptions: 1 });
  });

  it('with suppression but no blocks yet: every pod is an exception, so nothing is saved', () => {
    const off = (GOLDEN_CASES['l3-route-suppression-off'] as () => FabricSnapshot)();
    const plan = routePlan(off, off.vpcs[0]?.id as string, true);
    expect(plan.summary).toMatchObject({ maxRoutesPerLeaf: 4, exceptions: 4, blackholed: 0 });
  });
});
