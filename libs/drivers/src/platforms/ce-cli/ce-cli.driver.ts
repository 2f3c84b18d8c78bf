import { CeCliParseError, CeCliRenderError, ceCliDialect, diffIntent } from '#dialects';
import type { DeviceIntent } from '#intent';
import { CliCommandError, CliShell, type ConfirmAnswer } from '../../cli/cli-shell.js';
import { DeviceError } from '../../device-error.js';
import type { BgpNeighborState, DeviceDriver, DeviceTarget, EvpnRoute, Facts, InterfaceCounters, InterfaceState, LldpNeighbor, LoadMode } from '../../driver/device-driver.js';
import { type HostKeyVerifier, type PresentedHostKey, pinnedHostKey } from '../../ssh/host-key.js';
import { ceCliGetters } from './ce-cli.getters.js';
import { mergeIntent } from './intent-merge.js';

export interface CeCliDriverOptions {
  /** Overrides the target's pinned key; without either, any key is accepted and exposed as `hostKey`. */
  verifyHostKey?: HostKeyVerifier;
  connectTimeoutMs?: number;
  /** Per command; default the target's `timeoutMs`, else 30 s. */
  commandTimeoutMs?: number;
}

/** A candidate typed into the session: the lines as the dialect wrote them (indented by view). */
interface LoadedCandidate {
  lines: string[];
}

/**
 * Deleting these asks `Continue? [Y/N]:` on a CE switch; the change set deletes them on purpose,
 * so the driver answers Y for these lines, and only for these.
 */
const DELETIONS_TO_CONFIRM = /^undo (ospf|bgp|ip vpn-instance|bridge-domain|nat instance|evpn-overlay enable)\b/;

/**
 * The `ce-cli` driver: a CloudEngine switch driven through its VRP CLI over SSH. The candidate is
 * CE's two-stage configuration of the driver's own login: `loadCandidate` types the dialect's
 * change set (running → desired) in `system-view`, `commit` commits it (`commit trial <s>` for a
 * confirmed commit, which a plain `commit` confirms), `discard` is `abort`. `rollback` re-applies
 * the configuration read just before this driver's last commit (see docs/cli-driver.md).
 */
export class CeCliDriver implements DeviceDriver {
  readonly platform = 'ce-cli';
  private shell: CliShell | undefined;
  private candidate: LoadedCandidate | undefined;
  /** Running as read just before this driver's last commit: what `rollback` restores. */
  private beforeLastCommit: DeviceIntent | null | undefined;

  constructor(
    private readonly target: DeviceTarget,
    private readonly options: CeCliDriverOptions = {},
  ) {}

  /** The host key the device presented on `open`. */
  get hostKey(): PresentedHostKey | undefined {
    return this.shell?.hostKey;
  }

  async open(): Promise<void> {
    if (this.shell && !this.shell.isClosed) return;
    const t = this.target;
    this.shell = await CliShell.open({
      host: t.host,
      port: t.port,
      username: t.username,
      ...(t.password !== undefined ? { password: t.password } : {}),
      ...(t.privateKey !== undefined ? { privateKey: t.privateKey } : {}),
      verifyHostKey: this.options.verifyHostKey ?? (t.pinnedHostKey ? pinnedHostKey(t.pinnedHostKey) : () => true),
      connectTimeoutMs: this.options.connectTimeoutMs ?? t.timeoutMs ?? 20_000,
      commandTimeoutMs: this.options.commandTimeoutMs ?? t.timeoutMs ?? 30_000,
    });
    this.candidate = undefined;
  }

  async close(): Promise<void> {
    const shell = this.shell;
    this.shell = undefined;
    this.candidate = undefined;
    await shell?.close();
  }

  async getRunningConfig(): Promise<DeviceIntent> {
    const running = await this.readRunning();
    if (!running) throw new DeviceError('REJECTED', `${this.target.name} holds no configuration Spinel can read as an intent yet: its running configuration is only its sysname`);
    return running;
  }

  async loadCandidate(intent: DeviceIntent, mode: LoadMode): Promise<void> {
    const shell = this.open_();
    if (this.candidate || shell.inSystemView) await this.discard();
    const running = await this.readRunning();
    const desired = mode === 'replace' ? intent : mergeIntent(running, intent);
    let script: string;
    try {
      script = ceCliDialect.renderChanges(diffIntent(running, desired), running, desired);
    } catch (error) {
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
    const lines = this.candidate?.lines ?? [];
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }

  async commit(opts: { confirmTimeoutSeconds?: number; label?: string } = {}): Promise<void> {
    const shell = this.open_();
    const before = await this.readRunning();
    if (!shell.inSystemView) await shell.run('system-view');
    const seconds = opts.confirmTimeoutSeconds;
    if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 1 || seconds > 65535)) {
      throw new DeviceError('REJECTED', `a trial commit on ${this.target.name} needs whole seconds from 1 to 65535, not ${seconds}`);
    }
    try {
      await shell.run(seconds === undefined ? 'commit' : `commit trial ${seconds}`);
    } catch (error) {
      if (!(error instanceof CliCommandError)) throw error;
      await this.discard();
      throw new DeviceError('REJECTED', `${this.target.name} refused to commit: ${error.deviceMessage}; the candidate was discarded`, { cause: error });
    }
    this.beforeLastCommit = before;
    this.candidate = undefined;
    await shell.run('return');
  }

  async confirm(): Promise<void> {
    const shell = this.open_();
    const status = await shell.run('display configuration trial status');
    if (!/Trial status:\s*running/i.test(status)) {
      throw new DeviceError('REJECTED', `${this.target.name} has no trial commit to confirm (it may have expired and been rolled back)`);
    }
    if (!shell.inSystemView) await shell.run('system-view');
    await shell.run('commit');
    await shell.run('return');
  }

  async discard(): Promise<void> {
    const shell = this.open_();
    this.candidate = undefined;
    if (!shell.inSystemView) return;
    if (shell.hasUncommittedChanges) await shell.run('abort', { confirm: () => 'Y' });
    else await shell.run('return');
  }

  async rollback(label?: string): Promise<void> {
    if (label !== undefined) throw new DeviceError('REJECTED', `ce-cli keeps no labelled configurations; it rolls back only to the configuration before its last commit`);
    const shell = this.open_();
    const status = await shell.run('display configuration trial status');
    if (/Trial status:\s*running/i.test(status)) {
      // An unconfirmed trial: the device itself puts back what ran before it.
      if (!shell.inSystemView) await shell.run('system-view');
      await shell.run('abort trial');
      await shell.run('return');
      return;
    }
    const before = this.beforeLastCommit;
    if (before === undefined) throw new DeviceError('REJECTED', `no commit of this session to roll back on ${this.target.name}`);
    if (before === null) throw new DeviceError('REJECTED', `${this.target.name} ran only its sysname before the last commit; Spinel cannot type a factory configuration back`);
    await this.loadCandidate(before, 'replace');
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

  private readonly display = (command: string): Promise<string> => this.open_().run(command);

  /** Running as an intent, or null when the switch holds nothing but its sysname (out of the box). */
  private async readRunning(): Promise<DeviceIntent | null> {
    const text = await this.open_().run('display current-configuration');
    if (isFactoryConfig(text)) return null;
    try {
      return ceCliDialect.parse(text, { device: this.target.name, role: this.target.role });
    } catch (error) {
      if (error instanceof CeCliParseError) throw new DeviceError('PROTOCOL', `the running configuration of ${this.target.name} is unreadable: ${error.message}`, { cause: error });
      throw error;
    }
  }

  private open_(): CliShell {
    if (!this.shell || this.shell.isClosed) throw new DeviceError('TRANSIENT', `the CLI session to ${this.target.name} is not open: call open() first`);
    return this.shell;
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
