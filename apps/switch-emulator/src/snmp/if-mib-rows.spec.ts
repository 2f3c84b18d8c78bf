import { describe, expect, it } from 'vitest';
import { physAddress, timeTicksSince } from './if-mib-rows.js';

describe('IF-MIB rows of the emulated switch', () => {
  const boot = new Date('2026-11-25T04:00:00Z');

  it('counts TimeTicks in hundredths since boot, 0 before boot, wrapping at 2^32', () => {
    expect(timeTicksSince(boot, new Date('2026-11-25T04:00:01.234Z'))).toBe(123);
    expect(timeTicksSince(boot, new Date('2026-11-25T03:59:00Z'))).toBe(0);
    expect(timeTicksSince(boot, new Date(boot.getTime() + 2 ** 32 * 10 + 70))).toBe(7);
  });

  it('turns a MAC into six octets, and no MAC into an empty string', () => {
    expect(physAddress('00:e0:fc:12:34:56').toString('hex')).toBe('00e0fc123456');
    expect(physAddress('00e0-fc12-3456').toString('hex')).toBe('00e0fc123456');
    expect(physAddress('').length).toBe(0);
    expect(physAddress('not a mac').length).toBe(0);
  });
});
