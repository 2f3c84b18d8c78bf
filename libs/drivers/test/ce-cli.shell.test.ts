import { CliCommandError, CliShell, pinnedHostKey } from '#drivers';
import { afterEach, describe, expect, it } from 'vitest';
import { CeCliLab, USER } from './support/ce-cli-lab.js';
import { type Script, ScriptedVrpTerminal } from './support/scripted-vrp-terminal.js';
import { deviceError as rejection } from './support/device-error-of.js';


const LONG = Array.from({ length: 60 }, (_, k) => (k % 2 ? ` description line ${k}` : `interface 10GE1/0/${k}`));

const SCRIPT: Script = {
  'screen-length 0 temporary': async (t) => {
    t.write('Info: The configuration takes effect on the current user terminal interface only.\r\n');
    await t.prompt();
  },
  // Paging stays on regardless: a page, the pager, and VRP's erase of it once a key is pressed.
  'display long': async (t) => {
    t.write(`${LONG.slice(0, 25).join('\r\n')}\r\n  ---- More ----`);
    expect(await t.nextInput(true)).toBe(' ');
    t.write(`\x1b[42D${' '.repeat(42)}\x1b[42D${LONG.slice(25).join('\r\n')}\r\n`);
    await t.prompt();
  },
  // Odd line ends and an output line cut across packets.
  'display odd': async (t) => {
    t.write('first\r\r\nsec');
    await t.later('ond\nthird\r\n');
    await t.prompt();
  },
  'undo ospf 1': async (t) => {
    t.write('Warning: The OSPF process will be deleted. Continue? [Y/N]:');
    const answer = await t.nextInput();
    t.write(`${answer}\r\n`);
    if (answer === 'Y') t.write('Info: The OSPF process 1 was deleted.\r\n');
    await t.prompt();
  },
  hang: () => undefined,
  drop: (t) => t.hangUp(),
};

describe('CLI shell against a scripted VRP terminal', () => {
  let device: ScriptedVrpTerminal | undefined;
  const shells: CliShell[] = [];
  afterEach(async () => {
    await Promise.all(shells.splice(0).map((s) => s.close()));
    await device?.close();
  });

  async function open(): Promise<CliShell> {
    device = await ScriptedVrpTerminal.start(SCRIPT);
    const shell = await CliShell.open({ host: '127.0.0.1', port: device.port, ...USER, verifyHostKey: pinnedHostKey(device.fingerprint), commandTimeoutMs: 5_000 });
    shells.push(shell);
    return shell;
  }

  it('finds a coloured prompt split over packets after a banner, and turns paging off first', async () => {
    const shell = await open();
    expect(shell.prompt).toBe('<ce-lab>');
    expect(device!.received).toEqual(['screen-length 0 temporary']);
  });

  it('pages through a More pager it did not ask for, returning every line with its indentation', async () => {
    const shell = await open();
    expect(await shell.run('display long')).toBe(`${LONG.join('\n')}\n`);
    expect(await shell.run('display odd')).toBe('first\nsecond\nthird\n');
  });

  it('answers a question as the command says, and declines one nobody decided', async () => {
    const shell = await open();
    expect(await shell.run('undo ospf 1', { confirm: () => 'Y' })).toContain('Info: The OSPF process 1 was deleted.');
    const error = await rejection(shell.run('undo ospf 1'));
    expect(error).toBeInstanceOf(CliCommandError);
    expect(error.code).toBe('REJECTED');
    expect(error.message).toContain('Continue? [Y/N]:');
    expect(device!.received.slice(-4)).toEqual(['undo ospf 1', 'Y', 'undo ospf 1', 'N']);
    expect(shell.prompt).toBe('<ce-lab>');
  });

  it('reads the caret and the Error line of a refused command, and carries on', async () => {
    const shell = await open();
    const error = await rejection(shell.run('dsiplay version'));
    expect(error).toMatchObject({ code: 'REJECTED', command: 'dsiplay version', deviceMessage: "Unrecognized command found at '^' position.", column: 0 });
    expect(await shell.run('display odd')).toBe('first\nsecond\nthird\n');
  });

  it('times out a command the device never answers and ends the session, whose state is unknown', async () => {
    const shell = await open();
    const error = await rejection(shell.run('hang', { timeoutMs: 300 }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain('"hang"');
    expect(shell.isClosed).toBe(true);
    expect((await rejection(shell.run('display odd'))).code).toBe('TIMEOUT');
  });

  it('reports a dropped connection as TRANSIENT', async () => {
    const shell = await open();
    const error = await rejection(shell.run('drop'));
    expect(error.code).toBe('TRANSIENT');
    expect((await rejection(shell.run('display odd'))).code).toBe('TRANSIENT');
  });

  it('refuses to type control characters', async () => {
    const shell = await open();
    expect((await rejection(shell.run('description a\x03b'))).code).toBe('REJECTED');
    expect((await rejection(shell.run('one\ntwo'))).code).toBe('REJECTED');
    expect(device!.received).toEqual(['screen-length 0 temporary']);
  });
});

describe('CLI shell against the emulated switch', () => {
  let lab: CeCliLab;
  const shells: CliShell[] = [];
  afterEach(async () => {
    await Promise.all(shells.splice(0).map((s) => s.close()));
    await lab?.close();
  });

  async function open(): Promise<CliShell> {
    lab = await CeCliLab.start('leaf-1', 'leaf');
    const shell = await CliShell.open({ host: '127.0.0.1', port: lab.device.cli.port, ...USER, verifyHostKey: pinnedHostKey(lab.device.cli.hostKey.fingerprint) });
    shells.push(shell);
    return shell;
  }

  it('follows the prompt through views and the two-stage candidate', async () => {
    const shell = await open();
    expect(shell.prompt).toBe('<leaf-1>');
    await shell.run('system-view');
    expect(shell.prompt).toBe('[~leaf-1]');
    await shell.run('bgp 65000');
    expect(shell.prompt).toBe('[*leaf-1-bgp]');
    expect(shell.hasUncommittedChanges).toBe(true);
    await shell.run('quit');
    // Leaving with uncommitted changes asks; undecided, the driver cancels and stays.
    const error = await rejection(shell.run('return'));
    expect(error.message).toContain('Uncommitted configurations found');
    expect(shell.prompt).toBe('[*leaf-1]');
    await shell.run('abort', { confirm: () => 'Y' });
    expect(shell.prompt).toBe('<leaf-1>');
    expect(lab.store.commitLog).toEqual([]);
  });

  it('returns display output without the echo and the prompt, and names refused lines', async () => {
    const shell = await open();
    expect(await shell.run('display current-configuration')).toBe('#\nsysname leaf-1\n#\nreturn\n');
    await shell.run('system-view');
    const unknown = await rejection(shell.run('bgp sixty-five'));
    expect(unknown).toMatchObject({ code: 'REJECTED', command: 'bgp sixty-five', deviceMessage: "Unrecognized command found at '^' position.", column: 4 });
    const incomplete = await rejection(shell.run('ospf 1 router-id'));
    expect(incomplete).toMatchObject({ code: 'REJECTED', deviceMessage: "Incomplete command found at '^' position." });
    expect(incomplete.message).toContain('"ospf 1 router-id" at [~leaf-1]');
    expect(shell.prompt).toBe('[~leaf-1]');
  });

  it('logs out with quit in user view when told the command ends the session', async () => {
    const shell = await open();
    expect(await shell.run('quit', { endsSession: true })).toBe('');
    expect(shell.isClosed).toBe(true);
    expect((await rejection(shell.run('display current-configuration'))).code).toBe('TRANSIENT');
  });
});
