import { describe, expect, it } from 'vitest';
import { findCliError } from './cli-output-errors.js';
import { CONFIRM_QUESTION, VRP_PROMPT, lastScreenLine, screenLine, screenText } from './terminal-text.js';

describe('terminal text as the screen shows it', () => {
  it('drops colours, applies backspaces, carriage returns and cursor moves', () => {
    expect(screenLine('\x1b[1;32m<leaf-1>\x1b[0m')).toBe('<leaf-1>');
    expect(screenLine('dispaly\b\b\blay')).toBe('display');
    expect(screenLine('displayx\b \b')).toBe('display');
    expect(screenLine('progress 10%\rprogress 100%\r')).toBe('progress 100%');
    expect(screenLine('abcdef\x1b[3Dxy\x1b[K')).toBe('abcxy');
    expect(screenLine('\x1b]0;title\x07text')).toBe('text');
  });

  it('erases the pager line the way VRP does it, keeping the indentation of what follows', () => {
    const raw = 'interface 10GE1/0/1\r\n  ---- More ----\x1b[42D                                          \x1b[42D description x\r\n';
    expect(screenText(raw)).toBe('interface 10GE1/0/1\n description x\n');
    expect(screenText('a\r\n  ---- More ----\r\nb\r\n')).toBe('a\n\nb\n');
  });

  it('recognizes VRP prompts and questions only as a whole line', () => {
    for (const p of ['<leaf-1>', '[~leaf-1]', '[*leaf-1-bgp-af-evpn]', '[~leaf-1-10GE1/0/1.100]', '[HUAWEI]']) expect(VRP_PROMPT.test(p), p).toBe(true);
    for (const p of ['<leaf-1>display version', ' [~leaf-1]', '[Y/N]:', 'Peers in established state : 2']) expect(VRP_PROMPT.test(p), p).toBe(false);
    expect(CONFIRM_QUESTION.test('Warning: All uncommitted configurations will be discarded. Continue? [Y/N]:')).toBe(true);
    expect(CONFIRM_QUESTION.test('Are you sure to commit them before exiting? [Y(yes)/N(no)/C(cancel)]:')).toBe(true);
    expect(lastScreenLine('output\r\n\x1b[0m[~lea')).toBe('[~lea');
  });
});

describe('VRP refusals in command output', () => {
  it('reads the caret line and the Error line, with the caret column relative to the command', () => {
    const output = '                  ^\nError: Unrecognized command found at \'^\' position.\n';
    expect(findCliError(output, '[~leaf-1]'.length)).toEqual({ message: "Unrecognized command found at '^' position.", column: 9 });
    expect(findCliError("Error: The peer 10.0.0.1 does not exist.\n")).toEqual({ message: 'The peer 10.0.0.1 does not exist.' });
    expect(findCliError('  ^\n% Incomplete command found at \'^\' position.\n')).toEqual({ message: "% Incomplete command found at '^' position.", column: 2 });
    expect(findCliError('Warning: The configuration takes effect at once.\nInfo: done.\n')).toBeUndefined();
  });
});
