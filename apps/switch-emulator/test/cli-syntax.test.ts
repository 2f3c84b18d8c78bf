import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSyntax, viewKindOf } from '../src/cli/vrp-command-syntax.js';
import { VrpConfigModel } from '#dialects';

const GOLDEN = join(import.meta.dirname, '../../../fixtures/ce-cli');
const goldenFiles = readdirSync(GOLDEN).flatMap((c) => readdirSync(join(GOLDEN, c)).filter((f) => f.endsWith('.cfg')).map((f) => join(c, f)));

/** Every line of a configuration with the views it sits in. */
function linesWithViews(config: string): { path: string[]; text: string }[] {
  const out: { path: string[]; text: string }[] = [];
  const stack: string[] = [];
  for (const raw of config.split('\n')) {
    const text = raw.trim();
    if (!text || text === '#' || text === 'return') continue;
    stack.length = raw.length - raw.trimStart().length;
    out.push({ path: [...stack], text });
    stack.push(text);
  }
  return out;
}

describe('VRP command syntax of the emulated CLI', () => {
  it.each(goldenFiles)('knows every line the ce-cli dialect renders (%s)', (file) => {
    const unknown = linesWithViews(readFileSync(join(GOLDEN, file), 'utf8'))
      .filter(({ path, text }) => checkSyntax(viewKindOf(path), text) !== undefined)
      .map(({ path, text }) => `${path.join(' > ')} > ${text}`);
    expect(unknown).toEqual([]);
  });

  it('puts the caret under the first word it cannot take', () => {
    expect(checkSyntax('system', 'bridge-domian 10')).toEqual({ kind: 'unrecognized', column: 0 });
    expect(checkSyntax('bridge-domain', 'vxlan vni ten')).toEqual({ kind: 'unrecognized', column: 10 });
    expect(checkSyntax('interface', 'undo frobnicate')).toEqual({ kind: 'unrecognized', column: 5 });
  });

  it('tells an incomplete command from an unknown one, and takes undo of a leading part', () => {
    expect(checkSyntax('bridge-domain', 'vxlan vni')).toEqual({ kind: 'incomplete', column: 9 });
    expect(checkSyntax('interface', 'undo description')).toBeUndefined();
    expect(checkSyntax('bgp', 'undo peer 10.0.0.1')).toBeUndefined();
    expect(checkSyntax('interface', 'undo portswitch')).toBeUndefined();
  });

  it('models VRP: a refused in-place change, a missing reference, an undo', () => {
    const model = VrpConfigModel.load('#\nsysname leaf-1\n#\nbridge-domain 10\n vxlan vni 10\n#\nreturn\n');
    expect(() => model.apply(['bridge-domain 10'], 'vxlan vni 11')).toThrow(/already configured/);
    expect(() => model.apply([], 'interface Vbdif20')).toThrow(/bridge domain 20 does not exist/);
    expect(model.apply([], 'interface Vbdif10')).toEqual(['interface Vbdif10']);
    model.apply(['bridge-domain 10'], 'undo vxlan vni');
    expect(model.print()).toBe('#\nsysname leaf-1\n#\nbridge-domain 10\n#\ninterface Vbdif10\n#\nreturn\n');
  });
});
