import type { ServerChannel } from 'ssh2';
import type { SwitchConfigStore } from '../device/switch-config-store.js';
import type { SwitchOperations } from '../oper/switch-operations.js';
import type { HostKey } from '../ssh/host-key.store.js';
import { SshListener } from '../ssh/ssh-listener.js';
import type { SshUser } from '../ssh/ssh-users.js';
import type { SwitchFaults } from '../faults/switch-faults.js';
import { TerminalOutput } from '../faults/terminal-output.js';
import { CliConfigAccess, CliConnectionDropped } from './cli-config-access.js';
import { CliSession } from './cli-session.js';

export interface CliServerOptions {
  /** Listen address; loopback unless the caller says otherwise. */
  host?: string;
  /** 0 (the default) picks a free port; read it back from `port`. */
  port?: number;
  /** Where the host key lives; the NETCONF server's file may be shared: one switch, one key. */
  hostKeyPath: string;
  users: readonly SshUser[];
  store: SwitchConfigStore;
  /** The switch's live state, read by the operational display commands. */
  oper?: SwitchOperations;
  /**
   * Session ids the CLI writes to the commit log under. They must not collide with the NETCONF
   * server's (which counts from 1), so they start high by default.
   */
  firstSessionId?: number;
  /** The switch's injected faults (latency, commit failures and drops, refused logins). */
  faults?: SwitchFaults;
  log?: (message: string) => void;
}

/**
 * The emulated switch's CLI over SSH (`shell` channels): one CliSession per shell, over the same
 * SwitchConfigStore as NETCONF. A second listening port beside the NETCONF one, as the switch's
 * `--cli-port`.
 */
export class CliServer {
  private readonly config: CliConfigAccess;
  private readonly oper: SwitchOperations | undefined;
  private nextSessionId: number;

  private readonly faults: SwitchFaults | undefined;

  private constructor(
    private readonly ssh: SshListener,
    options: CliServerOptions,
  ) {
    this.faults = options.faults;
    this.config = new CliConfigAccess(options.store, options.faults);
    this.oper = options.oper;
    this.nextSessionId = options.firstSessionId ?? 100_001;
  }

  static async start(options: CliServerOptions): Promise<CliServer> {
    let instance: CliServer | undefined;
    const ssh = await SshListener.start(options, (sshSession, username, connection) => {
      sshSession.on('pty', (acceptPty) => acceptPty?.());
      sshSession.on('window-change', (acceptChange) => acceptChange?.());
      sshSession.on('env', (acceptEnv) => acceptEnv?.());
      sshSession.on('subsystem', (_accept, reject) => reject());
      sshSession.on('exec', (_accept, reject) => reject());
      sshSession.on('shell', (acceptShell) => instance!.openShell(acceptShell(), username, () => connection.end()));
    });
    instance = new CliServer(ssh, options);
    return instance;
  }

  get port(): number {
    return this.ssh.port;
  }

  get hostKey(): HostKey {
    return this.ssh.hostKey;
  }

  /** Stops listening and ends every connection. */
  async close(): Promise<void> {
    await this.ssh.close();
  }

  private openShell(channel: ServerChannel, username: string, endConnection: () => void): void {
    const sessionId = this.nextSessionId++;
    const session = new CliSession(this.config, { sessionId, username }, this.oper);
    // A login that ends releases what it held in the store (`configuration exclusive`).
    channel.on('close', () => this.config.switchStore.sessionEnded(sessionId));
    serveTerminal(channel, session, endConnection, this.faults);
  }
}

/**
 * The terminal side of a shell: echo what is typed, cut it into lines (CR, LF or CRLF), answer
 * each with the session's output and prompt. A line typed while an earlier one is answered waits.
 */
function serveTerminal(channel: ServerChannel, session: CliSession, hangUp: () => void, faults?: SwitchFaults): void {
  const out = new TerminalOutput(channel, faults);
  let line = '';
  let lastWasCr = false;
  let closed = false;
  // What one chunk of input makes the switch print goes out in one write, not a packet per echoed key.
  let pending = '';
  const write = (text: string) => {
    pending += text;
  };
  const flush = () => {
    if (!closed && pending) out.write(pending);
    pending = '';
  };
  out.write(`\r\n${session.prompt()}`);
  channel.on('data', (chunk: Buffer) => {
    for (const ch of chunk.toString('utf8')) {
      if (closed) break;
      if (ch === '\n' && lastWasCr) {
        lastWasCr = false;
        continue;
      }
      lastWasCr = ch === '\r';
      if (ch === '\r' || ch === '\n') {
        write('\r\n');
        const reply = answer(session, line);
        line = '';
        if (reply.drop) {
          // Injected fault: the connection goes with nothing more printed, not even what is queued.
          closed = true;
          out.discard();
          hangUp();
          return;
        }
        write(reply.output);
        if (reply.close) {
          flush();
          closed = true;
          out.end(() => {
            channel.end();
            hangUp();
          });
          return;
        }
        write(session.prompt());
      } else if (ch === '\x7f' || ch === '\b') {
        if (line.length > 0) {
          line = line.slice(0, -1);
          write('\b \b');
        }
      } else if (ch === '\x03') {
        line = '';
        write(`^C\r\n${session.prompt()}`);
      } else if (ch >= ' ') {
        line += ch;
        write(ch);
      }
    }
    flush();
  });
  channel.on('close', () => {
    closed = true;
    out.discard();
  });
}

/** A bug in the emulator answers the line with an error instead of taking the switch down. */
function answer(session: CliSession, line: string): { output: string; close?: boolean; drop?: boolean } {
  try {
    return session.input(line);
  } catch (error) {
    if (error instanceof CliConnectionDropped) return { output: '', drop: true };
    return { output: `Error: Internal error: ${error instanceof Error ? error.message : String(error)}.\r\n` };
  }
}
