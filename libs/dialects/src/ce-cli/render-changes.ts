import { canonicalize, type DeviceIntent } from '#intent';
import type { IntentChange } from '../intent-diff.js';
import { allFragments, entitiesOf, entityId, fragmentsOf } from './entity-fragments.js';
import { diffFragments, typeCommands, type CliCommand } from './fragment-diff.js';
import { viewKey } from './ce-syntax.js';
import { bgpView } from './fragments-bgp.js';
import { assertRenderable } from './render-checks.js';

/**
 * The commands of each change, in the change set's order (removals deepest first, then additions
 * parents first), framed by the lines of unchanged entities that follow from what changed (a
 * fabric port's underlay lines when the underlay protocol changes, the IPv6 twin of an ACL or the
 * IPv6 family of a VRF when the first IPv6 rule or prefix comes or the last goes). Those go where
 * dependencies allow: their removed lines and new views (with their content) first, their removed
 * views and new lines in existing views last. A new AS number cannot be
 * set on a running BGP process: the `bgp` change then deletes it, and the whole BGP configuration
 * is typed again at the end instead of per change.
 */
export interface CommandBlock {
  /** The change these commands carry out; absent for lines of unchanged entities and for the BGP re-creation. */
  change?: IntentChange;
  commands: CliCommand[];
}

export function changeCommandBlocks(changes: readonly IntentChange[], running: DeviceIntent | null, desired: DeviceIntent): CommandBlock[] {
  const r = running ? canonicalize(running) : null;
  const d = canonicalize(desired);
  assertRenderable(d);
  const changed = new Set(changes.map(entityId));
  const rebuildBgp = !!r && r.bgp.asn !== d.bgp.asn;
  const inBgp = (c: CliCommand) => (c.path[0] ?? c.text).startsWith('bgp ') || (c.path.length === 0 && c.text.startsWith('undo bgp '));
  const keep = (cs: CliCommand[]) => (rebuildBgp ? cs.filter((c) => !inBgp(c)) : cs);
  // Deleting a VPN instance unbinds its interfaces: a bridge domain leaving it must not undo the binding again.
  const deletedVrfs = new Set(changes.filter((c) => c.section === 'vrf' && c.op === 'remove').map((c) => c.key));
  const alreadyUnbound = (c: CliCommand) => [...deletedVrfs].some((v) => c.text === `undo ip binding vpn-instance ${v}`);

  const context = { undos: [] as CliCommand[], adds: [] as CliCommand[] };
  if (r) {
    const inRunning = new Set(entitiesOf(r).map(entityId));
    for (const e of entitiesOf(d)) {
      if (changed.has(entityId(e)) || !inRunning.has(entityId(e))) continue;
      const x = diffFragments(fragmentsOf(r, e), fragmentsOf(d, e));
      context.undos.push(...keep(x.undos));
      context.adds.push(...keep(x.adds));
    }
  }
  // New views of unchanged entities come first with what is inside them; new lines in existing views last.
  const newViews = context.adds.filter((c) => c.enters).map((c) => [...c.path, c.text].map(viewKey));
  const early = (c: CliCommand) => !!c.enters || newViews.some((v) => v.length <= c.path.length && v.every((k, n) => k === viewKey(c.path[n]!)));
  const blocks: CommandBlock[] = [{ commands: [...context.undos.filter((c) => !c.removesView), ...context.adds.filter(early)] }];
  for (const c of changes) {
    const x = diffFragments(fragmentsOf(r, c), fragmentsOf(d, c));
    const block = c.section === 'bgp' && rebuildBgp ? [{ path: [], text: `undo ${bgpView(r!)}`, removes: true as const }] : keep([...x.undos.filter((u) => !alreadyUnbound(u)), ...x.adds]);
    blocks.push({ change: c, commands: block });
  }
  blocks.push({ commands: [...context.undos.filter((c) => c.removesView), ...context.adds.filter((c) => !early(c))] });
  if (rebuildBgp) {
    const bgp = allFragments(d).filter((f) => (f.path[0] ?? '').startsWith('bgp ') || (f.path.length === 0 && f.text.startsWith('bgp ')));
    blocks.push({ commands: diffFragments([], bgp).adds });
  }
  return blocks.filter((b) => b.commands.length > 0);
}

/**
 * The change set as the CLI lines a CE switch accepts in order: `system-view`, each change's lines
 * in their views (entered as needed, `quit` as far as the next line needs, back to the system
 * view at the end), then `commit` and `return`. '' when there is nothing to change.
 */
export function renderCeCliChanges(changes: IntentChange[], running: DeviceIntent | null, desired: DeviceIntent): string {
  if (changes.length === 0) return '';
  const commands = changeCommandBlocks(changes, running, desired).flatMap((b) => b.commands);
  if (commands.length === 0) return '';
  return `${['system-view', ...typeCommands(commands), 'commit', 'return'].join('\n')}\n`;
}
