/** SNMP settings of the controller, from its environment (see docs/snmp.md). */
export interface SnmpConfig {
  /** SPINEL_SNMP_POLL_SECONDS: poll every SNMP-enabled device this often; 0 disables the schedule. */
  pollSeconds: number;
  /** SPINEL_SNMP_TRAP_PORT: the trap receiver's UDP port; undefined (unset) disables it, 0 picks one. */
  trapPort: number | undefined;
  /** SPINEL_SNMP_TRAP_HOST: the address the trap receiver binds. */
  trapHost: string;
  /** SPINEL_SNMP_TIMEOUT_MS / SPINEL_SNMP_RETRIES: per SNMP request. */
  timeoutMs: number;
  retries: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number | undefined, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer ${min}..${max}, got '${raw}'`);
  return n;
}

export function loadSnmpConfig(env: NodeJS.ProcessEnv): SnmpConfig {
  return {
    pollSeconds: integer(env, 'SPINEL_SNMP_POLL_SECONDS', 60, 0, 86_400) as number,
    trapPort: integer(env, 'SPINEL_SNMP_TRAP_PORT', undefined, 0, 65_535),
    trapHost: env.SPINEL_SNMP_TRAP_HOST || '127.0.0.1',
    timeoutMs: integer(env, 'SPINEL_SNMP_TIMEOUT_MS', 2000, 100, 60_000) as number,
    retries: integer(env, 'SPINEL_SNMP_RETRIES', 1, 0, 5) as number,
  };
}
