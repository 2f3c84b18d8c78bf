import type { ConfigWriter } from '../device/switch-config-store.js';
import { CliCommitError, type CliConfigAccess } from './cli-config-access.js';
import { checkSyntax, viewKindOf } from './vrp-command-syntax.js';
import { trialCommand } from './commit-trial.js';
import { VrpCommandError, VrpConfigModel } from '#dialects';
import type { SwitchOperations } from '../oper/switch-operations.js';
import { displayOperational } from './display-commands.js';

/** One typed configuration change: the line and the view it was typed in. */
interface TypedChange {
  path: string[];
  command: string;
}

/** What the terminal shows after a line: output (CRLF line ends), then the prompt, or the end of the session. */
export interface CliReply {
  output: string;
  close?: boolean;
}

type Answer = (yes: boolean, raw: string) => CliReply;

const EOL = '\r\n';
const UNCOMMITTED_QUESTION = 'Warning: Uncommitted configurations found. Are you sure to commit them before exiting? [Y(yes)/N(no)/C(cancel)]:';
const ABORT_QUESTION = 'Warning: All uncommitted configurations will be discarded. Continue? [Y/N]:';

/**
 * One CLI login on the emulated switch, transport-free: lines in, terminal text out. User view
 * `<leaf-1>`, `system-view` into CE's two-stage configuration: typed lines are checked against the
 * view's commands and applied to the session's own candidate (running plus the lines typed since
 * the last commit, replayed on the running of the moment), which `commit` writes to the store.
 */
export class CliSession {
  /** Views entered from system view; undefined in user view. */
  private path: string[] | undefined;
  private changes: TypedChange[] = [];
  private question: { text: string; answer: Answer } | undefined;

  constructor(
    private readonly config: CliConfigAccess,
    private readonly writer: ConfigWriter,
    /** The switch's live state, for the operational display commands. */
    private readonly oper?: SwitchOperations,
  ) {}

  get hasUncommittedChanges(): boolean {
    return this.changes.length > 0;
  }

  /** What the switch prints before the cursor: `<leaf-1>`, `[~leaf-1-bgp]`, `[*leaf-1]`, or an open question. */
  prompt(): string {
    if (this.question) return this.question.text;
    const name = sysnameOf(this.config.runningText()) ?? this.config.device;
    if (!this.path) return `<${name}>`;
    return `[${this.hasUncommittedChanges ? '*' : '~'}${[name, ...this.path.map(viewLabel)].join('-')}]`;
  }

  /** The session's candidate as `display configuration candidate` prints it. */
  candidateText(): string {
    return this.replay(this.changes).print();
  }

  input(raw: string): CliReply {
    const line = raw.trim();
    if (this.question) {
      const { answer } = this.question;
      const yes = /^y(es)?$/i.test(line);
      if (!yes && !/^(n(o)?|c(ancel)?)$/i.test(line)) return { output: '' };
      this.question = undefined;
      return answer(yes, line.toLowerCase());
    }
    if (line === '' || line.startsWith('#')) return { output: '' };
    const trial = trialCommand(this.config, this.writer, line, { inSystemView: !!this.path, candidate: () => (this.hasUncommittedChanges ? this.candidateText() : undefined), committed: () => (this.changes = []) });
    if (trial) return trial;
    const promptWidth = this.prompt().length;
    const display = this.display(line, promptWidth);
    if (display !== undefined) return { output: display };
    if (line === 'screen-length 0 temporary') return { output: `Info: The configuration takes effect on the current user terminal interface only.${EOL}` };
    if (!this.path) return this.userView(line, promptWidth);
    switch (line) {
      case 'commit':
        return { output: this.commit() };
      case 'abort':
        return this.leave(ABORT_QUESTION);
      case 'return':
        return this.leave(UNCOMMITTED_QUESTION);
      case 'quit':
        if (this.path.length > 0) {
          this.path.pop();
          return { output: '' };
        }
        return this.leave(UNCOMMITTED_QUESTION);
      default:
        return { output: this.configure(line, promptWidth) };
    }
  }

  private userView(line: string, promptWidth: number): CliReply {
    if (line === 'system-view') {
      this.path = [];
      return { output: `Enter system view, return user view with return command.${EOL}` };
    }
    if (line === 'quit') return { output: '', close: true };
    return { output: unrecognized(promptWidth, line, 0) };
  }

  private display(line: string, promptWidth: number): string | undefined {
    if (!line.startsWith('display')) return undefined;
    if (line === 'display current-configuration') return crlf(this.config.runningText());
    if (line === 'display configuration candidate') return crlf(this.candidateText());
    const operational = this.oper && displayOperational(this.oper, line, promptWidth);
    if (operational !== undefined) return operational;
    return unrecognized(promptWidth, line, line.split(/\s+/).length > 1 ? 1 : 0);
  }

  /** A configuration line: in this view or, as VRP does, in the nearest enclosing view that knows it. */
  private configure(line: string, promptWidth: number): string {
    const path = this.path!;
    let depth = path.length;
    while (depth > 0 && checkSyntax(viewKindOf(path.slice(0, depth)), line)) depth--;
    const problem = checkSyntax(viewKindOf(path.slice(0, depth)), line);
    if (problem && depth === 0) {
      const here = checkSyntax(viewKindOf(path), line) ?? problem;
      return here.kind === 'incomplete' ? caret(promptWidth, here.column, 'Incomplete') : caret(promptWidth, here.column, 'Unrecognized');
    }
    const where = path.slice(0, depth);
    const model = this.replay(this.changes);
    const before = model.print();
    try {
      this.path = model.apply(where, line);
    } catch (error) {
      if (error instanceof VrpCommandError) return `Error: ${error.reason}.${EOL}`;
      throw error;
    }
    if (model.print() !== before) this.changes.push({ path: where, command: line });
    return '';
  }

  private commit(): string {
    if (!this.hasUncommittedChanges) return '';
    let text: string;
    try {
      text = this.replay(this.changes).print();
    } catch (error) {
      if (error instanceof VrpCommandError) return `Error: The configuration conflicts with a change committed meanwhile: ${error.reason}.${EOL}`;
      throw error;
    }
    try {
      this.config.commit(this.writer, text);
    } catch (error) {
      if (error instanceof CliCommitError) return `Error: ${error.message}. Failed to commit the configuration.${EOL}`;
      throw error;
    }
    this.changes = [];
    return '';
  }

  /**
   * Back to user view, asking first when changes are uncommitted: on leaving, Y commits, N
   * discards, C stays; on `abort`, Y discards and N stays.
   */
  private leave(question: typeof UNCOMMITTED_QUESTION | typeof ABORT_QUESTION): CliReply {
    const go = (): CliReply => {
      this.path = undefined;
      this.changes = [];
      return { output: '' };
    };
    if (!this.hasUncommittedChanges) return go();
    this.question = {
      text: question,
      answer: (yes, raw) => {
        if (raw.startsWith('c') || (question === ABORT_QUESTION && !yes)) return { output: EOL };
        if (yes && question === UNCOMMITTED_QUESTION) {
          const failed = this.commit();
          if (failed) return { output: EOL + failed };
        }
        return { ...go(), output: EOL };
      },
    };
    return { output: '' };
  }

  /** Running as of now, with this session's changes typed again on it. */
  private replay(changes: readonly TypedChange[]): VrpConfigModel {
    const model = VrpConfigModel.load(this.config.runningText());
    for (const change of changes) model.apply(change.path, change.command);
    return model;
  }
}

function sysnameOf(text: string): string | undefined {
  return /^sysname (\S+)$/m.exec(text)?.[1];
}

/** How VRP names a view in the prompt: `bgp 65000` → `bgp`, `bridge-domain 10` → `bd10`. */
function viewLabel(view: string): string {
  const words = view.split(' ');
  if (words[0] === 'interface') return words[1]!;
  if (words[0] === 'bridge-domain') return `bd${words[1]}`;
  if (words[0] === 'ip' && words[1] === 'vpn-instance') return `vpn-instance-${words[2]}`;
  if (words[0] === 'acl') return `acl-adv-${words.at(-1) === 'advance' ? words.at(-2) : words.at(-1)}`;
  if (/^ipv[46]-family$/.test(view)) return `af-${view.slice(0, 4)}`;
  if (/^ipv[46]-family unicast$/.test(view)) return `af-${view.slice(0, 4)}`;
  if (words[1] === 'vpn-instance') return words[2]!;
  if (view === 'l2vpn-family evpn') return 'af-evpn';
  if (words[0] === 'area') return `area-${words[1]}`;
  if (words[0] === 'nat') return `nat-instance-${words[2]}`;
  return words[0]!;
}

function caret(promptWidth: number, column: number, kind: 'Unrecognized' | 'Incomplete'): string {
  return `${' '.repeat(promptWidth + column)}^${EOL}Error: ${kind} command found at '^' position.${EOL}`;
}

function unrecognized(promptWidth: number, line: string, word: number): string {
  const column = [...line.matchAll(/\S+/g)][word]?.index ?? 0;
  return caret(promptWidth, column, 'Unrecognized');
}

const crlf = (text: string): string => text.replace(/\r?\n/g, EOL);
