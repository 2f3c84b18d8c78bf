/** Where and whether `npm start` runs the emulated demo fabric (docs/demo-fabric.md). */
export interface DemoFabricConfig {
  enabled: boolean;
  /** First port of the range the six switches listen on (NETCONF base..base+5, CLI base+10..base+15). */
  basePort: number;
}

export const DEFAULT_DEMO_BASE_PORT = 18830;
/** Ports the demo fabric uses from its base: NETCONF base+0..5, CLI base+10..15. */
export const DEMO_PORT_SPAN = 16;

/**
 * SPINEL_DEMO_FABRIC=1 always runs it, =0 never; unset runs it only on the embedded database (no
 * DATABASE_URL), where a newcomer starts. SPINEL_DEMO_BASE_PORT moves the port range.
 */
export function loadDemoFabricConfig(env: NodeJS.ProcessEnv): DemoFabricConfig {
  const flag = env.SPINEL_DEMO_FABRIC;
  if (flag !== undefined && flag !== '' && flag !== '0' && flag !== '1') {
    throw new Error(`SPINEL_DEMO_FABRIC must be 1 (run the emulated demo fabric) or 0 (do not), got '${flag}'`);
  }
  const enabled = flag === '1' || ((flag === undefined || flag === '') && !env.DATABASE_URL);
  const raw = env.SPINEL_DEMO_BASE_PORT;
  const basePort = raw === undefined || raw === '' ? DEFAULT_DEMO_BASE_PORT : Number(raw);
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 65536 - DEMO_PORT_SPAN) {
    throw new Error(`SPINEL_DEMO_BASE_PORT must be an integer 1024..${65536 - DEMO_PORT_SPAN} (the demo fabric uses it and the ${DEMO_PORT_SPAN - 1} ports above it), got '${raw}'`);
  }
  return { enabled, basePort };
}
