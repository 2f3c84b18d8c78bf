/** Leader election and the leader's schedule, from the controller's environment (see docs/cluster.md). */
export interface ClusterConfig {
  /** SPINEL_NODE_ID: this process's name in the lease; default `<hostname>-<pid>-<random>`. */
  nodeId: string | undefined;
  /** SPINEL_LEADER_LEASE_MS: how long a lease lasts without renewal (a dead leader is replaced within it). */
  leaseTtlMs: number;
  /** SPINEL_LEADER_RENEW_MS: how often every process renews (the leader) or tries to take (the others) the lease. */
  renewMs: number;
  /** SPINEL_DRIFT_CHECK_SECONDS: the leader enqueues a drift check of every device this often; 0 disables it. */
  driftCheckSeconds: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer ${min}..${max}, got '${raw}'`);
  return n;
}

export function loadClusterConfig(env: NodeJS.ProcessEnv): ClusterConfig {
  const leaseTtlMs = integer(env, 'SPINEL_LEADER_LEASE_MS', 15_000, 500, 600_000);
  const renewMs = integer(env, 'SPINEL_LEADER_RENEW_MS', Math.max(100, Math.floor(leaseTtlMs / 3)), 50, 600_000);
  if (renewMs >= leaseTtlMs) throw new Error(`SPINEL_LEADER_RENEW_MS (${renewMs}) must be shorter than SPINEL_LEADER_LEASE_MS (${leaseTtlMs})`);
  return {
    nodeId: env.SPINEL_NODE_ID || undefined,
    leaseTtlMs,
    renewMs,
    driftCheckSeconds: integer(env, 'SPINEL_DRIFT_CHECK_SECONDS', 300, 0, 86_400),
  };
}
