import { NetconfRpcError } from '#drivers';
import type { CommitRequest, ConfigWriter } from '../device/switch-config-store.js';
import { CliCommitError, type CliConfigAccess } from './cli-config-access.js';
import { exclusiveCommand } from './configuration-exclusive.js';

const EOL = '\r\n';

/**
 * The persist token of CLI trial commits in the store: a trial outlives the login that made it
 * (as on CE), so any CLI session may confirm (`commit`) or cancel (`abort trial`) it.
 */
export const CLI_TRIAL_PERSIST = 'cli-commit-trial';

/** What the session under the cursor tells the trial commands. */
export interface TrialContext {
  inSystemView: boolean;
  /** The session's candidate text when it holds uncommitted changes. */
  candidate(): string | undefined;
  /** The session's changes went to running: forget them. */
  committed(): void;
}

/**
 * CE's trial commit on the emulated CLI, over the store's confirmed commit:
 * - `commit trial <seconds>` (system view): commit, and roll back unless confirmed in time;
 * - `commit` while a trial is pending: confirm it (with the session's changes, if any);
 * - `abort trial` (system view): roll the trial back now;
 * - `display configuration trial status` (any view): `Trial status: running` or `none`;
 * and the configuration lock that goes with a transaction, `[undo] configuration exclusive`.
 * Returns undefined for any other line, which the session then handles itself.
 */
export function trialCommand(config: CliConfigAccess, writer: ConfigWriter, line: string, session: TrialContext): { output: string } | undefined {
  const exclusive = exclusiveCommand(config.store, writer, line);
  if (exclusive) return exclusive;
  const words = line.split(/\s+/);
  if (line === 'display configuration trial status') {
    return { output: `Trial status: ${config.store.confirmedCommitPending ? 'running' : 'none'}${EOL}` };
  }
  if (!session.inSystemView) return undefined;
  if (words[0] === 'commit' && words[1] === 'trial') {
    const seconds = words.length === 3 ? Number(words[2]) : Number.NaN;
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 65535) {
      return { output: `Error: Wrong parameter: commit trial takes a time in seconds from 1 to 65535.${EOL}` };
    }
    return commitWith(config, writer, session, { confirmed: true, confirmTimeoutS: seconds, persist: CLI_TRIAL_PERSIST, ...pendingId(config) });
  }
  if (line === 'commit' && config.store.confirmedCommitPending) {
    return commitWith(config, writer, session, { persistId: CLI_TRIAL_PERSIST });
  }
  if (line === 'abort trial') {
    if (!config.store.confirmedCommitPending) return { output: `Error: No trial commit is running.${EOL}` };
    return attempt(() => config.store.cancelCommit(writer, CLI_TRIAL_PERSIST), 'Failed to abort the trial');
  }
  return undefined;
}

const pendingId = (config: CliConfigAccess): CommitRequest => (config.store.confirmedCommitPending ? { persistId: CLI_TRIAL_PERSIST } : {});

function commitWith(config: CliConfigAccess, writer: ConfigWriter, session: TrialContext, request: CommitRequest): { output: string } {
  const text = session.candidate();
  if (text === undefined) {
    // Nothing typed: commit running as it is, which (re)arms or confirms the trial alone.
    if (config.store.toConfig('candidate') !== config.store.toConfig('running')) {
      return { output: `Error: The candidate datastore holds uncommitted changes of another session. Failed to commit the configuration.${EOL}` };
    }
    return attempt(() => config.store.commit(writer, request), 'Failed to commit the configuration');
  }
  const result = attempt(() => config.commit(writer, text, request), 'Failed to commit the configuration');
  if (!result.output) session.committed();
  return result;
}

function attempt(action: () => void, failure: string): { output: string } {
  try {
    action();
    return { output: '' };
  } catch (error) {
    if (error instanceof CliCommitError) return { output: `Error: ${error.message}. ${failure}.${EOL}` };
    if (error instanceof NetconfRpcError) return { output: `Error: ${error.first.message ?? error.message}. ${failure}.${EOL}` };
    throw error;
  }
}
