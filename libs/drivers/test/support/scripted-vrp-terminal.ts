import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerChannel } from 'ssh2';
import { SshListener } from '../../../../apps/switch-emulator/src/ssh/ssh-listener.js';
import { USER } from './ce-cli-lab.js';

/** What a scripted command may do to the terminal. */
export interface Terminal {
  /** Writes now, as one SSH data packet. */
  write(text: string): void;
  /** Writes after a short pause, so that it arrives as a packet of its own. */
  later(text: string): Promise<void>;
  /** Writes the prompt in two packets (`<ce-` … `lab>`), in colour, as some devices do. */
  prompt(): Promise<void>;
  /** Resolves with the next line (or, with `raw`, the next keystrokes) the client types; not echoed. */
  nextInput(raw?: boolean): Promise<string>;
  hangUp(): void;
}

export type Script = Record<string, (t: Terminal) => Promise<void> | void>;

/**
 * A VRP-like device whose every answer is scripted, for what the emulated switch never does:
 * a pager, colour codes, prompts split over packets, odd line ends, questions, silence, hang-ups.
 * Unscripted lines get VRP's caret and `Unrecognized command`. Everything it receives is kept.
 */
export class ScriptedVrpTerminal {
  readonly received: string[] = [];

  private constructor(
    private readonly ssh: SshListener,
    private readonly stateDir: string,
  ) {}

  static async start(script: Script): Promise<ScriptedVrpTerminal> {
    const stateDir = mkdtempSync(join(tmpdir(), 'spinel-scripted-vrp-'));
    let instance: ScriptedVrpTerminal | undefined;
    const ssh = await SshListener.start({ host: '127.0.0.1', port: 0, hostKeyPath: join(stateDir, 'key'), users: [USER] }, (session, _user, connection) => {
      session.on('pty', (accept) => accept?.());
      session.on('shell', (accept) => void instance!.serve(accept(), script, () => connection.end()));
    });
    instance = new ScriptedVrpTerminal(ssh, stateDir);
    return instance;
  }

  get port(): number {
    return this.ssh.port;
  }

  get fingerprint(): string {
    return this.ssh.hostKey.fingerprint;
  }

  async close(): Promise<void> {
    await this.ssh.close();
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  private async serve(channel: ServerChannel, script: Script, hangUp: () => void): Promise<void> {
    let buffer = '';
    let wake: (() => void) | undefined;
    channel.on('data', (data: Buffer) => {
      buffer += data.toString('utf8');
      wake?.();
    });
    const nextInput = async (raw = false): Promise<string> => {
      for (;;) {
        const end = buffer.indexOf('\r');
        if (raw && buffer.length > 0) {
          const keys = buffer;
          buffer = '';
          return keys;
        }
        if (end >= 0) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + 1).replace(/^\n/, '');
          this.received.push(line);
          return line;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    };
    const later = async (text: string) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (channel.writable) channel.write(text);
    };
    const terminal: Terminal = {
      write: (text) => channel.write(text),
      later,
      prompt: async () => {
        channel.write('\x1b[1;36m<ce-');
        await later('lab>\x1b[0m');
      },
      nextInput,
      hangUp: () => {
        channel.close();
        hangUp();
      },
    };
    channel.write('\r\nInfo: The max number of VTY users is 5.\r\n');
    await terminal.prompt();
    for (;;) {
      const line = await nextInput();
      channel.write(`${line}\r\n`);
      const action = script[line.trim()];
      if (action) await action(terminal);
      else {
        channel.write(`${' '.repeat('<ce-lab>'.length)}^\r\nError: Unrecognized command found at '^' position.\r\n`);
        await terminal.prompt();
      }
    }
  }
}
