import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, chmodSync, closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, connect as tcpConnect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { NetconfClient, type NetconfClientOptions, fingerprintOfPublicKey, pinnedHostKey } from '#drivers';

/**
 * A third-party NETCONF server for interoperability tests: yuma123's `netconfd` behind a private
 * OpenSSH `sshd` on a free 127.0.0.1 port, both started from a temporary directory of their own
 * (config, keys, pid files, socket, logs) and stopped by PID in close().
 *
 * The SSH user is whoever runs the tests (root in CI), authenticated with a throwaway key written
 * to the lab's own authorized_keys file: no system user is created. As root, /run/sshd (sshd's
 * privilege-separation directory) is created when missing, as Debian's init script would.
 */

const NETCONFD = '/usr/sbin/netconfd';
const SUBSYSTEM = '/usr/sbin/netconf-subsystem';
const SSHD = '/usr/sbin/sshd';
const INSTALL_HINT = 'apt-get install -y netconfd netconfd-module-ietf-interfaces openssh-server';
const CLIENT_KEY = 'client_ed25519_key';
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

/** netconfd's ietf-interfaces module runs this to report an interface's IPv4 state; Debian lacks it. */
const GET_INTERFACE_IPV4 = `#!/bin/sh
# Prints the first IPv4 address of interface $1 as ietf-ip <ipv4> state, or nothing.
ip -4 -o addr show dev "$1" 2>/dev/null | awk 'NR == 1 {
  split($4, a, "/")
  printf "<ipv4 xmlns=\\"urn:ietf:params:xml:ns:yang:ietf-ip\\"><address><ip>%s</ip><prefix-length>%s</prefix-length></address></ipv4>\\n", a[1], a[2]
}'
`;

export class NetconfdLab {
  readonly clients: NetconfClient[] = [];

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly username: string,
    readonly privateKey: Buffer,
    /** The lab's host key as an OpenSSH public key line (`ssh-ed25519 AAAA… comment`). */
    readonly hostPublicKey: string,
    readonly hostKeyFingerprint: string,
    private readonly netconfd: ChildProcess,
    private readonly sshd: ChildProcess,
  ) {}

  static async start(): Promise<NetconfdLab> {
    assertInstalled();
    const dir = mkdtempSync(join(tmpdir(), 'spinel-netconfd-'));
    const processes: ChildProcess[] = [];
    try {
      chmodSync(dir, 0o755);
      const username = userInfo().username;
      const port = await freePort();
      const files = writeLabFiles(dir, port, username);

      // A socket left by an earlier run refuses the bind (the path is fresh here, but be sure).
      rmSync(files.socket, { force: true });
      const netconfd = spawnLogged(NETCONFD, netconfdArgs(files, port, username), join(dir, 'netconfd.out'), {
        ...process.env,
        HOME: join(dir, 'home'),
        PATH: `${join(dir, 'bin')}:${process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin'}`,
      });
      processes.push(netconfd);
      await waitUntil('netconfd', netconfd, dir, () => existsSync(files.socket) && readIfExists(files.netconfdLog).includes('Running netconfd server'));

      if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
      const sshd = spawnLogged(SSHD, ['-D', '-e', '-f', files.sshdConfig], join(dir, 'sshd.log'), process.env);
      processes.push(sshd);
      await waitUntil('sshd', sshd, dir, () => answersSsh(port));

      const hostPublicKey = readFileSync(`${files.hostKey}.pub`, 'utf8').trim();
      return new NetconfdLab(dir, port, username, readFileSync(files.clientKey), hostPublicKey, fingerprintOfPublicKey(hostPublicKey), netconfd, sshd);
    } catch (error) {
      await Promise.all(processes.map(stopProcess));
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The client's private key file, for other clients (ncclient's key_filename). */
  get clientKeyPath(): string {
    return join(this.dir, CLIENT_KEY);
  }

  /** Options for Spinel's client: the lab's user and key, its host key pinned. */
  clientOptions(options: Partial<NetconfClientOptions> = {}): NetconfClientOptions {
    return {
      host: '127.0.0.1',
      port: this.port,
      username: this.username,
      privateKey: this.privateKey,
      verifyHostKey: pinnedHostKey(this.hostKeyFingerprint),
      connectTimeoutMs: 10_000,
      rpcTimeoutMs: 10_000,
      ...options,
    };
  }

  async connect(options: Partial<NetconfClientOptions> = {}): Promise<NetconfClient> {
    const client = await NetconfClient.connect(this.clientOptions(options));
    this.clients.push(client);
    return client;
  }

  /** netconfd's and sshd's logs, for failure messages. */
  logs(): string {
    return collectLogs(this.dir);
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
    await stopProcess(this.sshd);
    await stopProcess(this.netconfd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

interface LabFiles {
  socket: string;
  sshdConfig: string;
  hostKey: string;
  clientKey: string;
  startup: string;
  netconfdLog: string;
}

function assertInstalled(): void {
  const missing = [NETCONFD, SUBSYSTEM, SSHD].filter((path) => {
    try {
      accessSync(path, constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length) throw new Error(`the netconfd interoperability lab needs ${missing.join(', ')}: ${INSTALL_HINT}`);
}

function writeLabFiles(dir: string, port: number, username: string): LabFiles {
  const files: LabFiles = {
    socket: join(dir, 'ncxserver.sock'),
    sshdConfig: join(dir, 'sshd_config'),
    hostKey: join(dir, 'ssh_host_ed25519_key'),
    clientKey: join(dir, CLIENT_KEY),
    startup: join(dir, 'startup-cfg.xml'),
    netconfdLog: join(dir, 'netconfd.log'),
  };
  mkdirSync(join(dir, 'home'));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'get-interface-ipv4'), GET_INTERFACE_IPV4, { mode: 0o755 });
  // netconfd refuses to start without its startup file; an empty configuration it is.
  writeFileSync(files.startup, '<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"/>\n');
  for (const key of [files.hostKey, files.clientKey]) {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'spinel-netconfd-lab', '-f', key], { stdio: 'pipe' });
  }
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${files.clientKey}.pub`));
  writeFileSync(
    files.sshdConfig,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${files.hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `AllowUsers ${username}`,
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      // The lab's files live under /tmp (world-writable), which StrictModes refuses.
      'StrictModes no',
      'PrintMotd no',
      'LogLevel VERBOSE',
      // netconf-subsystem passes the port to netconfd, which must have been started with the same one.
      `Subsystem netconf ${SUBSYSTEM} --ncxserver-sockname=${port}@${files.socket}`,
      '',
    ].join('\n'),
  );
  return files;
}

function netconfdArgs(files: LabFiles, port: number, username: string): string[] {
  return [
    `--ncxserver-sockname=${files.socket}`,
    // Without the SSH port netconfd answers every session with "access denied".
    `--port=${port}`,
    '--module=ietf-interfaces',
    '--module=ietf-ip',
    `--startup=${files.startup}`,
    // NACM's default denies writes; the lab's user administers this server.
    `--superuser=${username}`,
    `--log=${files.netconfdLog}`,
    '--log-level=info',
  ];
}

function spawnLogged(command: string, args: string[], logPath: string, env: NodeJS.ProcessEnv): ChildProcess {
  const fd = openSync(logPath, 'a');
  try {
    const child = spawn(command, args, { stdio: ['ignore', fd, fd], env });
    child.on('error', () => undefined); // reported through waitUntil (exitCode) and the logs
    return child;
  } finally {
    closeSync(fd);
  }
}

async function waitUntil(name: string, child: ChildProcess, dir: string, ready: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready\n${collectLogs(dir)}`);
    }
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${name} was not ready within ${START_TIMEOUT_MS} ms\n${collectLogs(dir)}`);
    await delay(50);
  }
}

/** Whether something on the port greets like an SSH server. */
function answersSsh(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString('latin1').startsWith('SSH-')));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  // netconfd takes a second or two to shut down; do not leave it behind.
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function readIfExists(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function collectLogs(dir: string): string {
  return ['netconfd.log', 'netconfd.out', 'sshd.log']
    .map((name) => `--- ${name} ---\n${readIfExists(join(dir, name)).trim() || '(empty)'}`)
    .join('\n');
}
