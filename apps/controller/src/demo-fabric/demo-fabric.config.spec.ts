import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_BASE_PORT, loadDemoFabricConfig } from './demo-fabric.config.js';
import { demoFabricPlan } from './demo-fabric.plan.js';

describe('demo fabric settings', () => {
  it('runs on the embedded default, not with DATABASE_URL, and as SPINEL_DEMO_FABRIC says when set', () => {
    expect(loadDemoFabricConfig({})).toEqual({ enabled: true, basePort: DEFAULT_DEMO_BASE_PORT });
    expect(loadDemoFabricConfig({ DATABASE_URL: 'postgres://db/spinel' }).enabled).toBe(false);
    expect(loadDemoFabricConfig({ DATABASE_URL: 'postgres://db/spinel', SPINEL_DEMO_FABRIC: '1' }).enabled).toBe(true);
    expect(loadDemoFabricConfig({ SPINEL_DEMO_FABRIC: '0' }).enabled).toBe(false);
    expect(loadDemoFabricConfig({ SPINEL_DEMO_BASE_PORT: '40000' }).basePort).toBe(40000);
  });

  it('refuses values it cannot use, saying what it expects', () => {
    expect(() => loadDemoFabricConfig({ SPINEL_DEMO_FABRIC: 'yes' })).toThrow("SPINEL_DEMO_FABRIC must be 1 (run the emulated demo fabric) or 0 (do not), got 'yes'");
    expect(() => loadDemoFabricConfig({ SPINEL_DEMO_BASE_PORT: '80' })).toThrow(/SPINEL_DEMO_BASE_PORT must be an integer 1024\.\.65520 .* got '80'/);
    expect(() => loadDemoFabricConfig({ SPINEL_DEMO_BASE_PORT: '65530' })).toThrow(/got '65530'/);
    expect(() => loadDemoFabricConfig({ SPINEL_DEMO_BASE_PORT: '18830.5' })).toThrow(/got '18830.5'/);
  });
});

describe('demo fabric plan', () => {
  const plan = demoFabricPlan(20000);

  it('gives every switch fixed ports and the management port of its platform', () => {
    expect(plan.switches.map((s) => [s.name, s.platform, s.netconfPort, s.cliPort, s.managementPort])).toEqual([
      ['spine-1', 'ce-netconf', 20000, 20010, 20000],
      ['spine-2', 'ce-netconf', 20001, 20011, 20001],
      ['leaf-1', 'ce-netconf', 20002, 20012, 20002],
      ['leaf-2', 'ce-netconf', 20003, 20013, 20003],
      ['leaf-3', 'ce-cli', 20004, 20014, 20014],
      ['leaf-4', 'ce-cli', 20005, 20015, 20015],
    ]);
  });

  it('cables every leaf to both spines, each port once', () => {
    expect(plan.links).toHaveLength(8);
    const ends = plan.links.flatMap((l) => [`${l.a} ${l.aInterface}`, `${l.b} ${l.bInterface}`]);
    expect(new Set(ends).size).toBe(16);
    for (const leaf of ['leaf-1', 'leaf-2', 'leaf-3', 'leaf-4']) {
      expect(plan.links.filter((l) => l.b === leaf).map((l) => l.a).sort()).toEqual(['spine-1', 'spine-2']);
    }
  });
});
