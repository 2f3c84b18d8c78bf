import { CeCliParseError, ceCliDialect, ceNetconfDialect } from '#dialects';
import { NetconfRpcError, XmlElement } from '#drivers';
import { readEditTree } from '../device/config-tree.js';
import type { CommitRequest, ConfigWriter, SwitchConfigStore } from '../device/switch-config-store.js';
import type { CliConfigAccess } from './cli-config-access.js';
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
  const exclusive = exclusiveCommand(config.switchStore, writer, line);
  if (exclusive) return exclusive;
  const words = line.split(/\s+/);
  if (line === 'display configuration trial status') {
    return { output: `Trial status: ${config.switchStore.confirmedCommitPending ? 'running' : 'none'}${EOL}` };
  }
  if (!session.inSystemView) return undefined;
  if (words[0] === 'commit' && words[1] === 'trial') {
    const seconds = words.length === 3 ? Number(words[2]) : Number.NaN;
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 65535) {
      return { output: `Error: Wrong parameter: commit trial takes a time in seconds from 1 to 65535.${EOL}` };
    }
    return commitWith(config, writer, session, { confirmed: true, confirmTimeoutS: seconds, persist: CLI_TRIAL_PERSIST, ...pendingId(config) });
  }
  // Only the CLI's own trial is confirmed by a plain `commit`; a NETCONF session's pending confirmed
  // commit refuses it through the store like any other write.
  if (line === 'commit' && trialPending(config)) {
    return commitWith(config, writer, session, { persistId: CLI_TRIAL_PERSIST });
  }
  if (line === 'abort trial') {
    if (!trialPending(config)) return { output: `Error: No trial commit is running.${EOL}` };
    return attempt(() => config.switchStore.cancelCommit(writer, CLI_TRIAL_PERSIST), 'Failed to abort the trial');
  }
  return undefined;
}

const trialPending = (config: CliConfigAccess): boolean => config.switchStore.pendingPersist === CLI_TRIAL_PERSIST;
const pendingId = (config: CliConfigAccess): CommitRequest => (trialPending(config) ? { persistId: CLI_TRIAL_PERSIST } : {});

function commitWith(config: CliConfigAccess, writer: ConfigWriter, session: TrialContext, request: CommitRequest): { output: string } {
  const store = config.switchStore;
  const text = session.candidate();
  const result = attempt(() => commitThroughCandidate(store, writer, text, request), 'Failed to commit the configuration');
  if (!result.output && text !== undefined) session.committed();
  return result;
}

/**
 * A commit with a confirmed-commit request goes through the store's candidate, the only way the
 * store arms (or confirms) a rollback timer: the session's configuration text (or running as it
 * is, when the session typed nothing) replaces the candidate, which is then committed.
 */
function commitThroughCandidate(store: SwitchConfigStore, writer: ConfigWriter, text: string | undefined, request: CommitRequest): void {
  // The candidate is shared with NETCONF sessions: never commit someone else's changes.
  if (store.toConfig('candidate') !== store.toConfig('running')) throw new TrialError('The candidate datastore holds uncommitted changes of another session');
  if (text === undefined) {
    store.commit(writer, request);
    return;
  }
  let config: string;
  try {
    config = ceNetconfDialect.render(ceCliDialect.parse(text, store.context));
  } catch (error) {
    if (error instanceof CeCliParseError) throw new TrialError(error.line > 0 ? `${error.reason} (line ${error.line}: "${error.text}")` : error.reason);
    throw error;
  }
  try {
    store.editConfig(writer, 'candidate', readEditTree(XmlElement.parseDocument(config)), { defaultOperation: 'replace' });
    store.commit(writer, request);
  } catch (error) {
    if (store.lockHolder('candidate') === undefined) store.discardChanges(writer);
    throw error;
  }
}

/** A trial commit the switch refused; `message` is what the CLI prints after `Error: `. */
class TrialError extends Error {}

function attempt(action: () => void, failure: string): { output: string } {
  try {
    action();
    return { output: '' };
  } catch (error) {
    if (error instanceof TrialError) return { output: `Error: ${error.message}. ${failure}.${EOL}` };
    if (error instanceof NetconfRpcError) return { output: `Error: ${error.first.message ?? error.message}. ${failure}.${EOL}` };
    throw error;
  }
}
