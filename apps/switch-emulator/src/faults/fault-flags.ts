import { FaultSettingsError, SwitchFaults, type SwitchFaultSettings } from './switch-faults.js';

export const FAULT_FLAG_SYNTAX = [
  'latency=<N>ms|<N>s',
  'fail-commit[=<message>]',
  'fail-next-commit[=<message>]',
  'drop-on-commit=before|after',
  'drop-next-commit=before|after',
  'refuse-login',
] as const;

/**
 * The `--fault` values of `spinel switch` (repeatable) as fault settings. `fail-next-commit` and
 * `drop-next-commit` are the one-shot forms (`times: 1`). Throws FaultSettingsError naming the
 * value and the accepted syntax.
 */
export function parseFaultFlags(values: readonly string[]): SwitchFaultSettings {
  const faults = new SwitchFaults();
  for (const value of values) faults.set(parseFaultFlag(value));
  return faults.current;
}

function parseFaultFlag(value: string): SwitchFaultSettings {
  const eq = value.indexOf('=');
  const name = eq < 0 ? value : value.slice(0, eq);
  const argument = eq < 0 ? undefined : value.slice(eq + 1);
  const bad = (why: string) => new FaultSettingsError(`--fault ${value}: ${why} (accepted: ${FAULT_FLAG_SYNTAX.join(', ')})`);
  switch (name) {
    case 'latency': {
      const m = /^([0-9]{1,7})(ms|s)?$/.exec(argument ?? '');
      if (!m) throw bad('latency needs a duration such as 200ms or 2s');
      return { latencyMs: Number(m[1]) * (m[2] === 's' ? 1000 : 1) };
    }
    case 'fail-commit':
    case 'fail-next-commit':
      if (argument === '') throw bad('the message after = must not be empty');
      return { failCommit: { ...(argument !== undefined ? { message: argument } : {}), ...(name === 'fail-next-commit' ? { times: 1 } : {}) } };
    case 'drop-on-commit':
    case 'drop-next-commit':
      if (argument !== 'before' && argument !== 'after') throw bad(`${name} needs =before or =after`);
      return { dropOnCommit: { when: argument, ...(name === 'drop-next-commit' ? { times: 1 } : {}) } };
    case 'refuse-login':
      if (argument !== undefined) throw bad('refuse-login takes no value');
      return { refuseLogin: true };
    default:
      throw bad(`unknown fault '${name}'`);
  }
}
