import { CeCliParseError, CeCliRenderError, ceCliDialect, diffIntent } from '#dialects';
import type { DeviceIntent } from '#intent';
import { CliCommandError, CliShell, type ConfirmAnswer } from '../../cli/cli-shell.js';
import { DeviceError } from '../../device-error.js';
import type { BgpNeighborState, DeviceDriver, DeviceTarget, EvpnRoute, Facts, InterfaceCounters, InterfaceState, LldpNeighbor, LoadMode } from '../../driver/device-driver.js';
import type { PresentedHostKey } from '../../ssh/host-key.js';
import { type NetconfDriverOptions, hostKeyVerifierFor, withBackoff } from '../netconf/driver-options.js';
import { ceCliGetters } from './ce-cli.getters.js';
import { mergeIntent } from './intent-merge.js';

/**
 * The options every built-in driver takes (host-key policy, keepalive, timeouts, reconnect), plus
 * the per-command timeout; `rpcTimeoutMs` is taken for it when `commandTimeoutMs` is absent.
 */
export interface CeCliDriverOptions extends NetconfDriverOptions {
  /** Per CLI command; default `rpcTimeoutMs`, else the target's `timeoutMs`, else 30 s. */
  commandTimeoutMs?: number;
}

export const CE_CLI_PLATFORM = 'ce-cli';

/** One commit of this driver: what ran before it, which `rollback` puts back. */
interface CommitRecord {
  label?: string;
  before: DeviceIntent | null;
  trial: boolean;
}

/** A candidate typed into the session: the lines as the dialect wrote them (indented by view). */
interface LoadedCandidate {
  lines: string[];
}

const LOCKED = /locked/i;

/**
 * Deleting these asks `Continue? [Y/N]:` on a CE switch; the change set deletes them on purpose,
 * so the driver answers Y for these lines, and only for these.
 */
const DELETIONS_TO_CONFIRM = /^undo (ospf|bgp|ip vpn-instance|bridge-domain|nat instance|evpn-overlay enable)\b/;

/**
 * The `ce-cli` driver: a CloudEngine switch driven through its VRP CLI over SSH. The candidate is
 * CE's two-stage configuration of the driver's own login: `loadCandidate` types the dialect's
 * change set (running → desired) in `system-view`, `commit` commits it (`commit trial <s>` for a
 * confirmed commit, which a plain `commit` confirms), `discard` is `abort`; `configuration
 * exclusive` keeps other sessions from committing meanwhile. `rollback` cancels a pending trial on
 * the device, or re-applies the configuration read just before this driver's last (or labelled)
 * commit (see docs/cli-driver.md). A dropped session is replaced with backoff when nothing
 * depended on it; a candidate it held is reported lost.
 */
export class CeCliDriver implements DeviceDriver {
  readonly platform = CE_CLI_PLATFORM;
  private shell: CliShell | undefined;
  private closed = false;
  private candidate: LoadedCandidate | undefined;
  /** Whether this login holds `configuration exclusive`. */
  private locked = false;
  /** This driver's commits, oldest first. */
  private readonly history: CommitRecord[] = [];

  constructor(
    private readonly target: DeviceTarget,
    private readonly options: CeCliDriverOptions = {},
  ) {}

  /** The host key the device presented on `open`. */
  get hostKey(): PresentedHostKey | undefined {
    return this.shell?.hostKey;
  }

  async open(): Promise<void> {
    this.closed = false;
    if (this.shell && !this.shell.isClosed) return;
    this.shell = await this.connect();
    this.candidate = undefined;
    this.locked = false;
  }

  async close(): Promise<void> {
    this.closed = true;
    const shell = this.shell;
    this.shell = undefined;
    this.candidate = undefined;
    this.locked = false;
    await shell?.close();
  }

  async getRunningConfig(): Promise<DeviceIntent> {
    const running = await this.readRunning();
    if (!running) throw new DeviceError('REJECTED', `${this.target.name} holds no configuration Spinel can read as an intent yet: its running configuration is only its sysname`);
    return running;
  }

  async loadCandidate(intent: DeviceIntent, mode: LoadMode): Promise<void> {
    const shell = await this.session();
    if (this.candidate || this.locked || shell.inSystemView) await this.discard();
    // The next plain `commit` would confirm the trial along with the new changes: settle it first.
    if (await this.trialRunning(shell)) {
      throw new DeviceError('REJECTED', `a trial commit is pending on ${this.target.name}: confirm or roll it back before loading another candidate`);
    }
    await this.lock(shell);
    let script: string;
    try {
      const running = await this.readRunning();
      const desired = mode === 'replace' ? intent : mergeIntent(running, intent);
      script = ceCliDialect.renderChanges(diffIntent(running, desired), running, desired);
    } catch (error) {
      await this.unlock(shell);
      if (error instanceof CeCliRenderError) throw new DeviceError('REJECTED', `the intent for ${this.target.name} cannot be written as VRP commands: ${error.message}`, { cause: error });
      throw error;
    }
    const lines = changeLines(script);
    this.candidate = { lines };
    if (lines.length === 0) return;
    await shell.run('system-view');
    for (const [n, line] of lines.entries()) {
      try {
        await shell.run(line.trim(), { confirm: confirmFor(line) });
      } catch (error) {
        if (!(error instanceof CliCommandError)) throw error;
        await this.discard();
        throw new DeviceError(
          'REJECTED',
          `${this.target.name} refused line ${n + 1} of the change set, "${line.trim()}" (at ${error.prompt}): ${error.deviceMessage}; the candidate was discarded`,
          { cause: error },
        );
      }
    }
  }

  async compare(): Promise<string> {
    await this.session();
    const lines = this.candidate?.lines ?? [];
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }

  async commit(opts: { confirmTimeoutSeconds?: number; label?: string } = {}): Promise<void> {
    const seconds = opts.confirmTimeoutSeconds;
    if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 1 || seconds > 65535)) {
      throw new DeviceError('REJECTED', `a trial commit on ${this.target.name} needs whole seconds from 1 to 65535, not ${seconds}`);
    }
    const shell = await this.session();
    const before = await this.readRunning();
    if (!shell.inSystemView) await shell.run('system-view');
    try {
      await shell.run(seconds === undefined ? 'commit' : `commit trial ${seconds}`);
    } catch (error) {
      if (!(error instanceof CliCommandError)) throw error;
      await this.discard();
      throw new DeviceError(LOCKED.test(error.deviceMessage) ? 'TRANSIENT' : 'REJECTED', `${this.target.name} refused to commit: ${error.deviceMessage}; the candidate was discarded`, { cause: error });
    }
    this.history.push({ before, trial: seconds !== undefined, ...(opts.label !== undefined ? { label: opts.label } : {}) });
    this.candidate = undefined;
    await shell.run('return');
    await this.unlock(shell);
  }

  async confirm(): Promise<void> {
    const shell = await this.session();
    if (!(await this.trialRunning(shell))) {
      throw new DeviceError('REJECTED', `${this.target.name} has no trial commit to confirm (it may have expired and been rolled back)`);
    }
    if (!shell.inSystemView) await shell.run('system-view');
    await shell.run('commit');
    await shell.run('return');
  }

  async discard(): Promise<void> {
    const shell = await this.session();
    this.candidate = undefined;
    if (shell.inSystemView) {
      if (shell.hasUncommittedChanges) await shell.run('abort', { confirm: () => 'Y' });
      else await shell.run('return');
    }
    await this.unlock(shell);
  }

  async rollback(label?: string): Promise<void> {
    const shell = await this.session();
    if (label === undefined && (await this.trialRunning(shell))) {
      // An unconfirmed trial: the device itself puts back what ran before it.
      if (!shell.inSystemView) await shell.run('system-view');
      await shell.run('abort trial');
      await shell.run('return');
      if (this.history.at(-1)?.trial) this.history.pop();
      return;
    }
    const record = label === undefined ? this.history.at(-1) : this.history.findLast((c) => c.label === label);
    if (!record) {
      throw new DeviceError('REJECTED', label === undefined ? `no commit of this driver to roll back on ${this.target.name}` : `no commit labelled '${label}' was made by this driver on ${this.target.name}`);
    }
    if (record.before === null) throw new DeviceError('REJECTED', `${this.target.name} ran only its sysname before that commit; Spinel cannot type a factory configuration back`);
    await this.loadCandidate(record.before, 'replace');
    await this.commit();
  }

  facts(): Promise<Facts> {
    return ceCliGetters.facts(this.display);
  }
  interfaces(): Promise<InterfaceState[]> {
    return ceCliGetters.interfaces(this.display);
  }
  interfaceCounters(): Promise<InterfaceCounters[]> {
    return ceCliGetters.interfaceCounters(this.display);
  }
  bgpNeighbors(): Promise<BgpNeighborState[]> {
    return ceCliGetters.bgpNeighbors(this.display);
  }
  lldpNeighbors(): Promise<LldpNeighbor[]> {
    return ceCliGetters.lldpNeighbors(this.display);
  }
  evpnRoutes(): Promise<EvpnRoute[]> {
    return ceCliGetters.evpnRoutes(this.display);
  }

  /**
   * A read-only command. When the login drops under it and nothing depended on the login, the
   * command is typed once more on its replacement: reading twice changes nothing.
   */
  private readonly display = async (command: string): Promise<string> => {
    const shell = await this.session();
    try {
      return await shell.run(command);
    } catch (error) {
      if (!(error instanceof DeviceError && error.code === 'TRANSIENT' && shell.isClosed) || this.closed) throw error;
      // session() reports a candidate or lock lost with the login; otherwise it hands a new login.
      return (await this.session()).run(command);
    }
  };

  /** Running as an intent, or null when the switch holds nothing but its sysname (out of the box). */
  private async readRunning(): Promise<DeviceIntent | null> {
    const text = await this.display('display current-configuration');
    if (isFactoryConfig(text)) return null;
    try {
      return ceCliDialect.parse(text, { device: this.target.name, role: this.target.role });
    } catch (error) {
      if (error instanceof CeCliParseError) throw new DeviceError('PROTOCOL', `the running configuration of ${this.target.name} is unreadable: ${error.message}`, { cause: error });
      throw error;
    }
  }

  private async trialRunning(shell: CliShell): Promise<boolean> {
    return /Trial status:\s*running/i.test(await shell.run('display configuration trial status'));
  }

  /** `configuration exclusive`: another holder is a busy device (TRANSIENT), naming the holder. */
  private async lock(shell: CliShell): Promise<void> {
    try {
      await shell.run('configuration exclusive');
      this.locked = true;
    } catch (error) {
      if (error instanceof CliCommandError && LOCKED.test(error.deviceMessage)) {
        throw new DeviceError('TRANSIENT', `the configuration of ${this.target.name} is in use: ${error.deviceMessage}`, { cause: error });
      }
      throw error;
    }
  }

  private async unlock(shell: CliShell): Promise<void> {
    if (!this.locked) return;
    this.locked = false;
    await shell.run('undo configuration exclusive');
  }

  /** The open login; a dropped one is replaced with backoff unless a candidate or the lock went with it. */
  private async session(): Promise<CliShell> {
    if (this.closed) throw new DeviceError('TRANSIENT', `the ce-cli driver for ${this.target.name} is closed`);
    if (!this.shell) throw new DeviceError('TRANSIENT', `the CLI session to ${this.target.name} is not open: call open() first`);
    if (!this.shell.isClosed) return this.shell;
    const lost = this.candidate !== undefined || this.locked;
    this.candidate = undefined;
    this.locked = false;
    this.shell = await withBackoff(() => this.connect(), this.options.reconnect);
    if (lost) throw new DeviceError('TRANSIENT', `the CLI session to ${this.target.name} dropped and the candidate it held was lost; load it again`);
    return this.shell;
  }

  private connect(): Promise<CliShell> {
    const t = this.target;
    const o = this.options;
    return CliShell.open({
      host: t.host,
      port: t.port,
      username: t.username,
      ...(t.password !== undefined ? { password: t.password } : {}),
      ...(t.privateKey !== undefined ? { privateKey: t.privateKey } : {}),
      verifyHostKey: hostKeyVerifierFor(t, o),
      connectTimeoutMs: o.connectTimeoutMs ?? t.timeoutMs ?? 20_000,
      commandTimeoutMs: o.commandTimeoutMs ?? o.rpcTimeoutMs ?? t.timeoutMs ?? 30_000,
      ...(o.keepaliveIntervalMs !== undefined ? { keepaliveIntervalMs: o.keepaliveIntervalMs } : {}),
      ...(o.keepaliveCountMax !== undefined ? { keepaliveCountMax: o.keepaliveCountMax } : {}),
    });
  }
}

/** The change set's lines between `system-view` and the final `commit` / `return`. */
function changeLines(script: string): string[] {
  const lines = script.split('\n').filter((l) => l.trim() !== '');
  if (lines[0] === 'system-view') lines.shift();
  if (lines.at(-1) === 'return') lines.pop();
  if (lines.at(-1) === 'commit') lines.pop();
  return lines;
}

function confirmFor(line: string): ((question: string) => ConfirmAnswer) | undefined {
  return DELETIONS_TO_CONFIRM.test(line.trim()) ? () => 'Y' : undefined;
}

/** Only `sysname`, separators and comments: nothing an intent could be read from. */
function isFactoryConfig(text: string): boolean {
  return text.split('\n').every((l) => /^\s*(#.*|!.*|return|sysname \S+)?\s*$/.test(l));
}
