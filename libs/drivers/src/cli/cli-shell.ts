import type { Client, ClientChannel } from 'ssh2';
import { DeviceError } from '../device-error.js';
import type { PresentedHostKey } from '../ssh/host-key.js';
import { type SshConnectOptions, connectSsh } from '../ssh/ssh-connect.js';
import { findCliError } from './cli-output-errors.js';
import { CONFIRM_QUESTION, PAGER, VRP_PROMPT, lastScreenLine, screenText } from './terminal-text.js';

/** How to answer a `[Y/N]:` question: Y(es), N(o) or C(ancel, where offered). */
export type ConfirmAnswer = 'Y' | 'N' | 'C';

export interface CliShellOptions extends Omit<SshConnectOptions, 'port'> {
  /** Default 22. */
  port?: number;
  /** Default per-command timeout. Default 30 s. */
  commandTimeoutMs?: number;
  /** Terminal width asked for: wide, so that the device does not wrap long lines. Default 512. */
  columns?: number;
}

export interface RunOptions {
  timeoutMs?: number;
  /**
   * The answer to a confirmation question this command may ask, decided by the caller for this
   * command. Without one a question is refused (C where offered, else N) and the command fails.
   */
  confirm?: (question: string) => ConfirmAnswer;
  /** The command ends the login (`quit` in user view): resolve when the device hangs up. */
  endsSession?: boolean;
}

/** A line the device refused: REJECTED, with the device's message and the line. */
export class CliCommandError extends DeviceError {
  override readonly name = 'CliCommandError';

  constructor(
    readonly command: string,
    readonly deviceMessage: string,
    readonly prompt: string,
    target: string,
    readonly column?: number,
  ) {
    super('REJECTED', `${target} refused "${command}" at ${prompt}${column === undefined ? '' : ` (column ${column})`}: ${deviceMessage}`);
  }
}

interface PendingCommand {
  command: string;
  options: RunOptions;
  resolve: (output: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  /** A question nobody decided, declined on the caller's behalf: the command then fails. */
  declined?: string;
}

/**
 * A VRP CLI login over an SSH shell: type a line, get back what the device printed for it (without
 * the echo and the next prompt), with refusals, questions, the pager, timeouts and a dropped
 * connection turned into DeviceErrors. Lines run one at a time, in the order asked.
 */
export class CliShell {
  private raw = '';
  private pending: PendingCommand | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closedBecause: DeviceError | undefined;
  /** The prompt the device showed last: `<leaf-1>`, `[~leaf-1]`, `[*leaf-1-bgp]`. */
  prompt = '';

  private constructor(
    private readonly ssh: Client,
    private readonly channel: ClientChannel,
    readonly hostKey: PresentedHostKey,
    private readonly target: string,
    private readonly defaultTimeoutMs: number,
  ) {
    channel.on('data', (data: Buffer) => this.received(data.toString('utf8')));
    channel.stderr.on('data', (data: Buffer) => this.received(data.toString('utf8')));
    channel.on('close', () => this.lost(new DeviceError('TRANSIENT', `the CLI session to ${target} closed`)));
    ssh.on('error', (error: Error) => this.lost(new DeviceError('TRANSIENT', `the SSH connection to ${target} failed: ${error.message}`, { cause: error })));
    ssh.on('close', () => this.lost(new DeviceError('TRANSIENT', `the SSH connection to ${target} closed`)));
  }

  /** Logs in, waits for the first prompt and turns paging off for this login. */
  static async open(options: CliShellOptions): Promise<CliShell> {
    const port = options.port ?? 22;
    const target = `${options.host}:${port}`;
    const { client, hostKey } = await connectSsh({ ...options, port });
    try {
      const channel = await new Promise<ClientChannel>((resolve, reject) =>
        client.shell({ term: 'vt100', cols: options.columns ?? 512, rows: 24 }, (error, stream) => (error ? reject(error) : resolve(stream))),
      ).catch((error: Error) => {
        throw new DeviceError('TRANSIENT', `${target} refused a CLI shell: ${error.message}`, { cause: error });
      });
      const shell = new CliShell(client, channel, hostKey, target, options.commandTimeoutMs ?? 30_000);
      await shell.waitForPrompt();
      await shell.run('screen-length 0 temporary');
      return shell;
    } catch (error) {
      client.end();
      throw error;
    }
  }

  /** Whether the current view is a system view (`[~…]`, `[*…]`), as opposed to the user view (`<…>`). */
  get inSystemView(): boolean {
    return this.prompt.startsWith('[');
  }

  /** Whether the prompt says the session's candidate holds uncommitted changes (`[*…]`). */
  get hasUncommittedChanges(): boolean {
    return this.prompt.startsWith('[*');
  }

  get isClosed(): boolean {
    return this.closedBecause !== undefined;
  }

  /**
   * Types one line and resolves with what the device printed for it. A refusal rejects with a
   * CliCommandError (REJECTED); no prompt in time rejects with TIMEOUT and ends the session,
   * whose state is then unknown; a dropped connection rejects with TRANSIENT.
   */
  run(command: string, options: RunOptions = {}): Promise<string> {
    // A control character would edit the line at the device (\b, DEL) or cancel it (^C): never type one.
    if (/[\x00-\x1f\x7f]/.test(command)) {
      return Promise.reject(new DeviceError('REJECTED', `refusing to type ${JSON.stringify(command)} at ${this.target}: a CLI line has no control characters or line breaks`));
    }
    const next = this.queue.then(() => this.send(command, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Ends the login (and the SSH connection). */
  async close(): Promise<void> {
    if (this.closedBecause) return;
    const closed = new Promise<void>((resolve) => this.ssh.once('close', () => resolve()));
    this.lost(new DeviceError('TRANSIENT', `the CLI session to ${this.target} was closed`));
    this.channel.close();
    this.ssh.end();
    await closed;
  }

  private waitForPrompt(): Promise<string> {
    return this.send(undefined, {});
  }

  private send(command: string | undefined, options: RunOptions): Promise<string> {
    if (this.closedBecause) return Promise.reject(this.closedBecause);
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const shown = command ?? '(login)';
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        const seen = lastScreenLine(this.raw) || screenText(this.raw).trimEnd().split('\n').at(-1) || '';
        const error = new DeviceError('TIMEOUT', `${this.target} did not answer "${shown}" within ${timeoutMs} ms (last line: ${JSON.stringify(seen)}); the session was ended`);
        this.lost(error);
        this.channel.close();
        this.ssh.end();
      }, timeoutMs);
      timer.unref?.();
      this.pending = { command: shown, options, resolve, reject, timer };
      this.raw = '';
      if (command !== undefined) this.channel.write(`${command}\r`);
    });
  }

  private received(text: string): void {
    this.raw += text;
    const pending = this.pending;
    if (!pending) return;
    const last = lastScreenLine(this.raw);
    if (PAGER.test(last)) {
      // Paging was supposed to be off; page on rather than stall.
      this.raw = this.raw.slice(0, this.raw.lastIndexOf('\n') + 1);
      this.channel.write(' ');
      return;
    }
    if (CONFIRM_QUESTION.test(last)) {
      this.answer(pending, last);
      return;
    }
    if (VRP_PROMPT.test(last)) this.complete(pending, last);
  }

  private answer(pending: PendingCommand, question: string): void {
    const wanted = pending.options.confirm?.(question);
    if (wanted && (wanted !== 'C' || /\/C/i.test(question))) {
      this.raw += '\n';
      this.channel.write(`${wanted}\r`);
      return;
    }
    // Nobody decided this question: decline it (cancel where offered) and fail the command.
    const decline = /\/C/i.test(question) ? 'C' : 'N';
    pending.declined = `the device asked "${question}" and no answer was given for this command; answered ${decline}`;
    pending.options = { ...pending.options, confirm: () => decline };
    this.raw += '\n';
    this.channel.write(`${decline}\r`);
  }

  private complete(pending: PendingCommand, prompt: string): void {
    const previousPrompt = this.prompt;
    this.prompt = prompt;
    const lines = this.screenLines(pending);
    lines.pop();
    const output = lines.join('\n');
    if (pending.declined) return this.settle(pending, new CliCommandError(pending.command, pending.declined, previousPrompt, this.target));
    const refusal = pending.command === '(login)' ? undefined : findCliError(output, previousPrompt.length);
    if (refusal) return this.settle(pending, new CliCommandError(pending.command, refusal.message, previousPrompt, this.target, refusal.column));
    this.settle(pending, output ? `${output}\n` : '');
  }

  /** The screen since the command was typed, without its echo (the first line, after the previous prompt). */
  private screenLines(pending: PendingCommand): string[] {
    const lines = screenText(this.raw).split('\n');
    if (pending.command !== '(login)' && lines.length > 0 && lines[0]!.trim().endsWith(pending.command.trim())) lines.shift();
    return lines;
  }

  private settle(pending: PendingCommand, result: string | Error): void {
    if (this.pending !== pending) return;
    clearTimeout(pending.timer);
    this.pending = undefined;
    if (result instanceof Error) pending.reject(result);
    else pending.resolve(result);
  }

  private lost(error: DeviceError): void {
    this.closedBecause ??= error;
    const pending = this.pending;
    if (!pending) return;
    if (pending.options.endsSession) {
      const output = this.screenLines(pending).join('\n').trim();
      this.settle(pending, output ? `${output}\n` : '');
    } else this.settle(pending, this.closedBecause);
  }
}
