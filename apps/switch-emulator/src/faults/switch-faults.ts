import { setTimeout as delay } from 'node:timers/promises';

/** Where a commit loses its connection: as it arrives (nothing applied), or once applied (no reply). */
export type DropPoint = 'before' | 'after';

/**
 * The faults one emulated switch plays, as set at start (`--fault`), in process
 * (`sw.faults.set(…)`) or over NETCONF (`<set-faults xmlns="urn:spinel:emulator">`).
 * `times` makes a commit fault one-shot (1) or n-shot; without it the fault lasts until cleared.
 */
export interface SwitchFaultSettings {
  /** Added before every NETCONF rpc-reply and every CLI output; 0 or absent: none. */
  latencyMs?: number;
  /** Commits (NETCONF `<commit>`, CLI `commit`) refused as if they failed validation. */
  failCommit?: { message?: string; times?: number };
  /** The SSH connection of a commit is cut, before or after the commit is applied. */
  dropOnCommit?: { when: DropPoint; times?: number };
  /** Every SSH login is refused (an authentication failure, not a hang). */
  refuseLogin?: boolean;
}

/** The names faults go by in `--fault`, `clear()` and `<clear-faults>`. */
export const FAULT_NAMES = ['latency', 'fail-commit', 'drop-on-commit', 'refuse-login'] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

export const DEFAULT_FAIL_COMMIT_MESSAGE = 'The configuration failed validation (injected fault)';
/** Ten minutes: more is a typo, not a test. */
export const MAX_LATENCY_MS = 600_000;

/** A fault setting that makes no sense (negative latency, `times` of 0…). */
export class FaultSettingsError extends Error {
  override readonly name = 'FaultSettingsError';
}

const KEY_OF: Record<FaultName, keyof SwitchFaultSettings> = {
  latency: 'latencyMs',
  'fail-commit': 'failCommit',
  'drop-on-commit': 'dropOnCommit',
  'refuse-login': 'refuseLogin',
};

/**
 * The fault state of one switch, shared by its NETCONF server, CLI server, SSH listeners and
 * configuration store. Every check reads the state of the moment, so a change applies to the next
 * RPC, line or login, in sessions already open too.
 */
export class SwitchFaults {
  private settings: SwitchFaultSettings = {};

  constructor(initial: SwitchFaultSettings = {}) {
    this.set(initial);
  }

  /** A copy of the faults set now. */
  get current(): SwitchFaultSettings {
    return structuredClone(this.settings);
  }

  get latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }

  get refuseLogin(): boolean {
    return this.settings.refuseLogin === true;
  }

  /** Sets the faults named in `changes`, leaving the others as they are; throws FaultSettingsError on a bad value. */
  set(changes: SwitchFaultSettings): void {
    const next = { ...this.settings };
    if (changes.latencyMs !== undefined) {
      const ms = changes.latencyMs;
      if (!Number.isInteger(ms) || ms < 0 || ms > MAX_LATENCY_MS) throw new FaultSettingsError(`latency must be a whole number of milliseconds 0..${MAX_LATENCY_MS}, got ${ms}`);
      if (ms === 0) delete next.latencyMs;
      else next.latencyMs = ms;
    }
    if (changes.failCommit !== undefined) {
      const { message, times } = changes.failCommit;
      if (message !== undefined && message.trim() === '') throw new FaultSettingsError('fail-commit: the message must not be empty');
      next.failCommit = { message: message ?? DEFAULT_FAIL_COMMIT_MESSAGE, ...checkedTimes('fail-commit', times) };
    }
    if (changes.dropOnCommit !== undefined) {
      const { when, times } = changes.dropOnCommit;
      if (when !== 'before' && when !== 'after') throw new FaultSettingsError(`drop-on-commit must be 'before' or 'after', got '${String(when)}'`);
      next.dropOnCommit = { when, ...checkedTimes('drop-on-commit', times) };
    }
    if (changes.refuseLogin !== undefined) {
      if (changes.refuseLogin) next.refuseLogin = true;
      else delete next.refuseLogin;
    }
    this.settings = next;
  }

  /** Clears the named faults, or all of them. */
  clear(...names: FaultName[]): void {
    if (names.length === 0) {
      this.settings = {};
      return;
    }
    const next = { ...this.settings };
    for (const name of names) {
      if (!FAULT_NAMES.includes(name)) throw new FaultSettingsError(`unknown fault '${String(name)}'; known: ${FAULT_NAMES.join(', ')}`);
      delete next[KEY_OF[name]];
    }
    this.settings = next;
  }

  /** Waits out the configured latency (at once when none is set). */
  async delay(): Promise<void> {
    const ms = this.latencyMs;
    if (ms > 0) await delay(ms);
  }

  /**
   * A commit passed the switch's own checks and is about to be applied: the message to refuse it
   * with when fail-commit is set (using up one of its `times`), else undefined.
   */
  takeCommitFailure(): string | undefined {
    const fault = this.settings.failCommit;
    if (!fault) return undefined;
    this.useOnce('fail-commit', fault);
    return fault.message ?? DEFAULT_FAIL_COMMIT_MESSAGE;
  }

  /** Whether a commit's connection must be cut at `point` (using up one of its `times` when it must). */
  takeCommitDrop(point: DropPoint): boolean {
    const fault = this.settings.dropOnCommit;
    if (fault?.when !== point) return false;
    this.useOnce('drop-on-commit', fault);
    return true;
  }

  private useOnce(name: FaultName, fault: { times?: number }): void {
    if (fault.times === undefined) return;
    if (fault.times <= 1) this.clear(name);
    else this.settings = { ...this.settings, [KEY_OF[name]]: { ...fault, times: fault.times - 1 } };
  }
}

function checkedTimes(fault: FaultName, times: number | undefined): { times?: number } {
  if (times === undefined) return {};
  if (!Number.isInteger(times) || times < 1) throw new FaultSettingsError(`${fault}: times must be a positive whole number, got ${times}`);
  return { times };
}
