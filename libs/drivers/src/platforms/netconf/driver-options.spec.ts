import { describe, expect, it } from 'vitest';
import { DeviceError } from '../../device-error.js';
import type { DeviceTarget } from '../../driver/device-driver.js';
import { hostKeyVerifierFor, withBackoff } from './driver-options.js';

const target: DeviceTarget = { name: 'leaf-1', role: 'leaf', platform: 'ce-netconf', host: '127.0.0.1', port: 830, username: 'admin' };
const presented = { algorithm: 'ssh-ed25519', fingerprint: 'SHA256:presented', publicKey: 'ssh-ed25519 AAAA' };

describe('withBackoff', () => {
  it('retries TRANSIENT failures with doubling delays up to the cap, then succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withBackoff(
      async (n) => {
        calls++;
        if (n < 5) throw new DeviceError('TRANSIENT', 'connection refused');
        return 'session';
      },
      { attempts: 5, initialDelayMs: 100, maxDelayMs: 300 },
      async (ms) => waits.push(ms),
    );
    expect(result).toBe('session');
    expect(calls).toBe(5);
    expect(waits).toEqual([100, 200, 300, 300]);
  });

  it('gives up after the bounded attempts and says so, keeping the code', async () => {
    const error = await withBackoff(() => Promise.reject(new DeviceError('TIMEOUT', 'no answer')), { attempts: 3, initialDelayMs: 1 }, async () => undefined).catch((e: DeviceError) => e);
    expect(error).toBeInstanceOf(DeviceError);
    expect(error).toMatchObject({ code: 'TIMEOUT', message: 'no answer (gave up after 3 attempts)' });
  });

  it.each(['AUTH', 'HOST_KEY', 'REJECTED', 'PROTOCOL'] as const)('does not retry %s', async (code) => {
    let calls = 0;
    const error = await withBackoff(
      () => {
        calls++;
        return Promise.reject(new DeviceError(code, 'no'));
      },
      { attempts: 5 },
      async () => undefined,
    ).catch((e: DeviceError) => e);
    expect(calls).toBe(1);
    expect(error).toMatchObject({ code, message: 'no' });
  });
});

describe('hostKeyVerifierFor', () => {
  it('uses the pinned fingerprint of the target', async () => {
    const verify = hostKeyVerifierFor({ ...target, pinnedHostKey: 'SHA256:presented' }, {});
    expect(await verify(presented)).toBe(true);
    expect(() => hostKeyVerifierFor({ ...target, pinnedHostKey: 'SHA256:other' }, {})(presented)).toThrow(/mismatch.*SHA256:other is pinned/);
  });

  it('prefers an explicit verifier (the options\', then the target\'s) over the pin', async () => {
    expect(await hostKeyVerifierFor({ ...target, pinnedHostKey: 'SHA256:other' }, { verifyHostKey: () => true })(presented)).toBe(true);
    expect(await hostKeyVerifierFor({ ...target, pinnedHostKey: 'SHA256:other', verifyHostKey: () => true }, {})(presented)).toBe(true);
  });

  it('refuses every key when nothing is pinned, naming the presented one', () => {
    let error: unknown;
    try {
      hostKeyVerifierFor(target, {})(presented);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'HOST_KEY', message: expect.stringContaining('no host key is pinned for leaf-1, which presented ssh-ed25519 SHA256:presented') });
  });
});
