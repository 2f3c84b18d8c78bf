import { replaceKey, undoOf, viewKey } from './ce-syntax.js';
import type { Fragment } from './fragment.js';

/** One line to type, in the views it must be typed in. */
export interface CliCommand {
  /** Views to be in, outermost first: full texts to create them, view keys to re-enter them. */
  path: readonly string[];
  text: string;
  /** The command opens a view that the next commands of the block may be inside. */
  enters?: true;
  /** The command removes configuration (an `undo` line, or `portswitch` undoing `undo portswitch`). */
  removes?: true;
  /** The command removes a whole view. */
  removesView?: true;
}

export interface FragmentDiff {
  undos: CliCommand[];
  adds: CliCommand[];
}

const pathKeys = (f: Fragment) => f.path.map(viewKey);
const identity = (f: Fragment) => JSON.stringify([pathKeys(f), f.view ? 'view' : 'line', f.text, f.tag ?? '']);
const samePath = (a: Fragment, b: Fragment) => JSON.stringify(pathKeys(a)) === JSON.stringify(pathKeys(b));

/** `b` takes the place of `a` without an undo: the same view re-entered, or a setting VRP replaces. */
function replaces(b: Fragment, a: Fragment): boolean {
  if (!samePath(a, b) || !!a.view !== !!b.view) return false;
  if (a.view) return viewKey(a.text) === viewKey(b.text);
  const key = replaceKey(a.text);
  return key !== undefined && key === replaceKey(b.text);
}

/**
 * The commands that take one entity from its `before` lines to its `after` lines: undo what went
 * away (deepest first; nothing inside a view that is itself undone; nothing a new value replaces),
 * then add what is new in render order. When a line that VRP cannot change in place goes away
 * (`peer X as-number`), the entity is removed and created again.
 */
export function diffFragments(before: readonly Fragment[], after: readonly Fragment[]): FragmentDiff {
  const beforeIds = new Set(before.map(identity));
  const afterIds = new Set(after.map(identity));
  let removed = before.filter((f) => !afterIds.has(identity(f)));
  let added = after.filter((f) => !beforeIds.has(identity(f)));
  const recreate = removed.some((f) => f.removesEntity);
  if (recreate) {
    removed = [...before];
    added = [...after];
  }
  const isReplaced = (f: Fragment) => !recreate && added.some((a) => replaces(a, f));
  const goneViews = removed.filter((f) => f.view && !isReplaced(f)).map((f) => [...pathKeys(f), viewKey(f.text)]);
  const insideGoneView = (f: Fragment) => goneViews.some((v) => v.length <= f.path.length && v.every((k, i) => k === viewKey(f.path[i]!)));
  const undos = removed
    .filter((f) => !isReplaced(f) && !insideGoneView(f) && (!recreate || f.removesEntity || f.view))
    .reverse()
    .map((f): CliCommand => ({ path: pathKeys(f), text: undoOf(f), removes: true, ...(f.view ? { removesView: true as const } : {}) }));
  const adds = added.map((f): CliCommand => ({ path: f.path, text: f.text, ...(f.view ? { enters: true as const } : {}) }));
  return { undos, adds };
}

/**
 * Commands as typed at the prompt from the system view: enter each view (one more space of indent
 * per level), type the line, `quit` back out as far as the next command needs, and all the way
 * back to the system view at the end.
 */
export function typeCommands(commands: readonly CliCommand[]): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  const quit = () => {
    stack.pop();
    out.push(`${' '.repeat(stack.length)}quit`);
  };
  for (const c of commands) {
    let common = 0;
    while (common < stack.length && common < c.path.length && viewKey(stack[common]!) === viewKey(c.path[common]!)) common++;
    while (stack.length > common) quit();
    for (const step of c.path.slice(common)) {
      out.push(' '.repeat(stack.length) + step);
      stack.push(step);
    }
    out.push(' '.repeat(stack.length) + c.text);
    if (c.enters) stack.push(c.text);
  }
  while (stack.length) quit();
  return out;
}
