import { sshFingerprint } from '#drivers';
import ssh2, { type ClientChannel } from 'ssh2';
import { VrpConfigModel } from '#dialects';

/** A prompt at the end of the terminal output: `<leaf-1>`, `[~leaf-1-bgp]`, `[*leaf-1]`, or a `[Y…]:` question. */
const PROMPT = /(<[^<>\r\n]+>|\[[~*][^\]\r\n]+\]|\[Y[^\]\r\n]*\]:)$/;

/** An interactive SSH shell on the emulated switch's CLI, used like an operator's terminal. */
export class CliTestShell {
  private buffer = '';
  private waiter: (() => void) | undefined;
  private readonly ended: Promise<void>;
  /** The prompt the switch showed last. */
  prompt = '';

  private constructor(
    private readonly client: ssh2.Client,
    private readonly channel: ClientChannel,
  ) {
    this.ended = new Promise<void>((resolve) => client.once('close', () => resolve()));
    channel.on('data', (data: Buffer) => {
      this.buffer += data.toString('utf8');
      this.waiter?.();
    });
  }

  static async open(port: number, user: { username: string; password: string }, hostKeyFingerprint: string): Promise<CliTestShell> {
    const client = new ssh2.Client();
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve()).once('error', reject);
      client.connect({
        host: '127.0.0.1',
        port,
        ...user,
        readyTimeout: 5_000,
        hostVerifier: (key: Buffer) => sshFingerprint(key) === hostKeyFingerprint,
      });
    });
    const channel = await new Promise<ClientChannel>((resolve, reject) => client.shell({ term: 'vt100', cols: 200 }, (error, stream) => (error ? reject(error) : resolve(stream))));
    const shell = new CliTestShell(client, channel);
    await shell.untilPrompt();
    return shell;
  }

  /** Types one line; resolves with what the switch printed after echoing it, before the next prompt. */
  async type(line: string): Promise<string> {
    this.buffer = '';
    this.channel.write(`${line}\r`);
    const raw = await this.untilPrompt();
    const afterEcho = raw.slice(raw.indexOf('\r\n') + 2);
    return afterEcho.slice(0, afterEcho.length - this.prompt.length).replace(/\r\n/g, '\n');
  }

  /** Types each line in order and fails on the first one the switch answers with an error. */
  async typeAll(lines: readonly string[]): Promise<void> {
    for (const line of lines) {
      const output = await this.type(line);
      if (/Error:/.test(output)) throw new Error(`"${line}" at ${this.prompt}: ${output}`);
    }
  }

  /** Types `quit` in user view and waits for the switch to end the login. */
  async quit(): Promise<void> {
    this.channel.write('quit\r');
    await this.ended;
  }

  async close(): Promise<void> {
    this.channel.close();
    this.client.end();
    await this.ended;
  }

  private async untilPrompt(timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!PROMPT.test(this.buffer)) {
      if (Date.now() > deadline) throw new Error(`no prompt after ${timeoutMs} ms; got ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 50);
      });
    }
    this.prompt = PROMPT.exec(this.buffer)![1]!;
    return this.buffer;
  }
}

/**
 * The lines an operator types in system view to build `display current-configuration` text:
 * each line in order, with `quit` to climb out of the views the indentation closes.
 */
export function typedLines(config: string): string[] {
  const out: string[] = [];
  const views: string[] = [];
  for (const raw of config.split('\n')) {
    const text = raw.trim();
    if (!text || text === '#' || text === 'return') continue;
    const depth = raw.length - raw.trimStart().length;
    while (views.length > depth) {
      views.pop();
      out.push('quit');
    }
    out.push(text);
    if (VrpConfigModel.entersView(views.at(-1) ?? '', text)) views.push(text);
  }
  while (views.length > 0) {
    views.pop();
    out.push('quit');
  }
  return out;
}
