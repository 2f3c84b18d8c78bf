import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSwitchArgs, UsageError } from '../../cli/src/switch-command.js';
import { FaultSettingsError, SwitchFaults } from '../src/faults/switch-faults.js';

const ARGS = ['--name', 'leaf1', '--role', 'leaf', '--cli-port', '0', '--netconf-port', '0', '--username', 'admin', '--password-env', 'PW', '--state-dir', mkdtempSync(join(tmpdir(), 'spinel-flags-'))];
const withFaults = (...faults: string[]) => parseSwitchArgs([...ARGS, ...faults.flatMap((f) => ['--fault', f])], { PW: 'x' });

/** `spinel switch --fault …` and the fault state behind it. */
describe('switch fault flags', () => {
  afterAll(() => rmSync(ARGS.at(-1)!, { recursive: true, force: true }));

  it('reads repeatable --fault flags into the switch options', () => {
    expect(withFaults('latency=200ms', 'fail-commit', 'drop-on-commit=after', 'refuse-login').faults).toEqual({
      latencyMs: 200,
      failCommit: { message: 'The configuration failed validation (injected fault)' },
      dropOnCommit: { when: 'after' },
      refuseLogin: true,
    });
    expect(withFaults('latency=2s', 'fail-next-commit=Not enough memory', 'drop-next-commit=before').faults).toEqual({
      latencyMs: 2_000,
      failCommit: { message: 'Not enough memory', times: 1 },
      dropOnCommit: { when: 'before', times: 1 },
    });
    expect(withFaults().faults).toBeUndefined();
  });

  it.each([
    ['latency', /--fault latency: latency needs a duration such as 200ms or 2s/],
    ['latency=fast', /latency needs a duration/],
    ['latency=601s', /latency must be a whole number of milliseconds 0\.\.600000/],
    ['fail-commit=', /the message after = must not be empty/],
    ['drop-on-commit', /drop-on-commit needs =before or =after/],
    ['drop-on-commit=during', /drop-on-commit needs =before or =after/],
    ['refuse-login=yes', /refuse-login takes no value/],
    ['reboot', /unknown fault 'reboot' \(accepted: latency=<N>ms\|<N>s, fail-commit\[=<message>\]/],
  ])('refuses --fault %s with a usage error that says why', (flag, message) => {
    expect(() => withFaults(flag)).toThrow(UsageError);
    expect(() => withFaults(flag)).toThrow(message);
  });
});

describe('SwitchFaults', () => {
  it('counts a fault with times down and clears it when used up', () => {
    const faults = new SwitchFaults({ failCommit: { message: 'no', times: 2 }, dropOnCommit: { when: 'after', times: 1 } });
    expect(faults.takeCommitDrop('before')).toBe(false);
    expect(faults.current.dropOnCommit).toEqual({ when: 'after', times: 1 });
    expect(faults.takeCommitFailure()).toBe('no');
    expect(faults.current.failCommit).toEqual({ message: 'no', times: 1 });
    expect(faults.takeCommitFailure()).toBe('no');
    expect(faults.takeCommitFailure()).toBeUndefined();
    expect(faults.takeCommitDrop('after')).toBe(true);
    expect(faults.takeCommitDrop('after')).toBe(false);
    expect(faults.current).toEqual({});
  });

  it('keeps a fault without times until cleared, sets only what it is given, and turns latency 0 into none', () => {
    const faults = new SwitchFaults({ latencyMs: 10 });
    faults.set({ refuseLogin: true, failCommit: {} });
    expect(faults.takeCommitFailure()).toBe('The configuration failed validation (injected fault)');
    expect(faults.takeCommitFailure()).toBe('The configuration failed validation (injected fault)');
    expect(faults.current).toMatchObject({ latencyMs: 10, refuseLogin: true });
    faults.set({ latencyMs: 0, refuseLogin: false });
    expect(faults.current).toEqual({ failCommit: { message: 'The configuration failed validation (injected fault)' } });
    faults.clear('fail-commit');
    expect(faults.current).toEqual({});
  });

  it('refuses nonsense and keeps what was set before', () => {
    const faults = new SwitchFaults({ latencyMs: 5 });
    expect(() => faults.set({ latencyMs: 1.5 })).toThrow(FaultSettingsError);
    expect(() => faults.set({ failCommit: { times: 0 } })).toThrow(/times must be a positive whole number/);
    expect(() => faults.set({ dropOnCommit: { when: 'later' as 'after' } })).toThrow(/'before' or 'after'/);
    expect(() => faults.clear('bogus' as 'latency')).toThrow(/unknown fault 'bogus'/);
    expect(faults.current).toEqual({ latencyMs: 5 });
  });
});
