import { setTimeout as delay } from 'node:timers/promises';
import { DeviceError } from '../../device-error.js';
import type { DeviceTarget } from '../../driver/device-driver.js';
import { type HostKeyVerifier, pinnedHostKey } from '../../ssh/host-key.js';

/** How a driver reconnects after its session was dropped: exponential backoff, bounded attempts. */
export interface ReconnectPolicy {
  /** Connection attempts per reconnect (the first included). Default 5; 1 disables retrying. */
  attempts?: number;
  /** Delay before the second attempt; doubles after each failure. Default 250 ms. */
  initialDelayMs?: number;
  /** Cap on one delay. Default 5 s. */
  maxDelayMs?: number;
}

/** Options every NETCONF-based driver takes besides its DeviceTarget. */
export interface NetconfDriverOptions {
  /**
   * Who decides whether to trust the device's SSH host key. Default: the target's `verifyHostKey`,
   * else its `pinnedHostKey`, else refuse (HOST_KEY): trusting an unknown key is the caller's call.
   */
  verifyHostKey?: HostKeyVerifier;
  /** SSH keepalive on every connection: how a dead peer is noticed. Default 15 s; 0 disables. */
  keepaliveIntervalMs?: number;
  /** Unanswered keepalives before the connection is declared dead. Default 3. */
  keepaliveCountMax?: number;
  /** TCP + SSH handshake + authentication + hello. Default: the target's timeoutMs, else 20 s. */
  connectTimeoutMs?: number;
  /** One RPC. Default: the target's timeoutMs, else 60 s. */
  rpcTimeoutMs?: number;
  reconnect?: ReconnectPolicy;
}

/** The host-key verifier for a target: the options', the target's own, its pin, or a refusal. */
export function hostKeyVerifierFor(target: DeviceTarget, options: NetconfDriverOptions): HostKeyVerifier {
  if (options.verifyHostKey) return options.verifyHostKey;
  if (target.verifyHostKey) return target.verifyHostKey;
  if (target.pinnedHostKey) return pinnedHostKey(target.pinnedHostKey);
  return (key) => {
    throw new DeviceError(
      'HOST_KEY',
      `no host key is pinned for ${target.name}, which presented ${key.algorithm} ${key.fingerprint}; ` +
        'accepting an unknown key is an operator decision (pin this fingerprint if it is the device\'s)',
    );
  };
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the policy's attempts
 * are spent; waits `initialDelayMs`, doubling up to `maxDelayMs`, between attempts. Only
 * retryable DeviceErrors (TRANSIENT, TIMEOUT) are tried again: a refused password stays refused.
 */
export async function withBackoff<T>(attempt: (n: number) => Promise<T>, policy: ReconnectPolicy = {}, sleep: (ms: number) => Promise<unknown> = delay): Promise<T> {
  const attempts = Math.max(1, policy.attempts ?? 5);
  let wait = policy.initialDelayMs ?? 250;
  const maxDelay = policy.maxDelayMs ?? 5_000;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const retryable = error instanceof DeviceError && error.retryable;
      if (!retryable || n >= attempts) {
        if (retryable && attempts > 1) {
          throw new DeviceError(error.code, `${error.message} (gave up after ${attempts} attempts)`, { cause: error });
        }
        throw error;
      }
      await sleep(wait);
      wait = Math.min(wait * 2, maxDelay);
    }
  }
}
