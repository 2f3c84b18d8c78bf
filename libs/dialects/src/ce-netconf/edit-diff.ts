import { NS } from './namespaces.js';
import { childValue, cloneTree, identityOf, isKeyLeaf, isLeafList, listKeysOf, type YNode } from './yang-tree.js';

/** One step of a scope: an element, and for list entries optionally some key values. */
export interface ScopeStep {
  name: string;
  ns?: string;
  keys?: Readonly<Record<string, string>>;
}
/** A subtree an edit may touch, from the top of the configuration down. */
export type ScopePattern = readonly ScopeStep[];

type Scope = { inside: true } | { inside: false; partial: readonly { pattern: ScopePattern; next: number }[] };

interface Diff {
  node?: YNode;
  /** The running node is deleted as a whole. */
  gone: boolean;
}

/**
 * The edit-config payload that takes `running` to `desired`, limited to the subtrees in `scope`:
 * list entries, leaf-list values, leaves and whole containers that disappear are deleted
 * (`nc:operation="delete"`, keys kept so the entry is addressed); new or changed ones are written
 * for the default merge, list entries with their keys and only the leaves that differ.
 */
export function editTrees(running: readonly YNode[], desired: readonly YNode[], scope: readonly ScopePattern[] | 'all'): YNode[] {
  const root = (children: readonly YNode[]): YNode => ({ ns: NS.netconf, name: 'config', children: [...children] });
  const top: Scope = scope === 'all' ? { inside: true } : { inside: false, partial: scope.map((pattern) => ({ pattern, next: 0 })) };
  return diffChildren(root(running), root(desired), undefined, top).nodes;
}

function diffNode(r: YNode | undefined, d: YNode | undefined, parentR: YNode | undefined, parentD: YNode | undefined, scope: Scope): Diff {
  const isLeaf = (r ?? d)!.value !== undefined;
  if (scope.inside) {
    if (r && !d) return { node: deletion(r, parentR), gone: true };
    if (!r && d) return { node: cloneTree(d), gone: false };
    if (isLeaf) return r!.value === d!.value ? { gone: false } : { node: cloneTree(d!), gone: false };
  } else if (isLeaf) {
    return { gone: false }; // a scope ends on a container or list entry, never inside a leaf
  }
  const kids = diffChildren(r, d, parentR ?? parentD, scope);
  if (r && !d) {
    // Everything of this node the scope covers is going; when that is everything, delete the node
    // itself, or a list entry would be left behind holding only its keys.
    if (kids.allGone) return { node: deletion(r, parentR), gone: true };
    return { node: { ns: r.ns, name: r.name, children: [...keyLeaves(r, parentR), ...kids.nodes] }, gone: false };
  }
  if (!kids.nodes.length) return { gone: false };
  return { node: { ns: d!.ns, name: d!.name, children: [...keyLeaves(d!, parentD), ...kids.nodes] }, gone: false };
}

function diffChildren(r: YNode | undefined, d: YNode | undefined, grandParent: YNode | undefined, scope: Scope): { nodes: YNode[]; allGone: boolean } {
  const rKids = new Map((r?.children ?? []).map((c) => [identityOf(c, r), c]));
  const dKids = new Map((d?.children ?? []).map((c) => [identityOf(c, d), c]));
  const deletions: YNode[] = [];
  const merges: YNode[] = [];
  let allGone = true;
  const visit = (rc: YNode | undefined, dc: YNode | undefined, out: YNode[]) => {
    const node = (rc ?? dc)!;
    const parent = (rc ? r : d)!;
    if (isKeyLeaf(node, parent, grandParent)) return;
    const childScope = narrow(scope, node);
    if (!childScope) {
      if (rc) allGone = false;
      return;
    }
    const diff = diffNode(rc, dc, r, d, childScope);
    if (rc && !diff.gone) allGone = false;
    if (diff.node) out.push(diff.node);
  };
  for (const [id, rc] of rKids) if (!dKids.has(id)) visit(rc, undefined, deletions);
  for (const [id, dc] of dKids) visit(rKids.get(id), dc, merges);
  return { nodes: [...deletions, ...merges], allGone };
}

function narrow(scope: Scope, node: YNode): Scope | undefined {
  if (scope.inside) return scope;
  const next: { pattern: ScopePattern; next: number }[] = [];
  for (const p of scope.partial) {
    const step = p.pattern[p.next]!;
    if (step.name !== node.name || (step.ns && step.ns !== node.ns)) continue;
    if (step.keys && !Object.entries(step.keys).every(([k, v]) => childValue(node, k) === v)) continue;
    if (p.next + 1 === p.pattern.length) return { inside: true };
    next.push({ pattern: p.pattern, next: p.next + 1 });
  }
  return next.length ? { inside: false, partial: next } : undefined;
}

function keyLeaves(n: YNode, parent: YNode | undefined): YNode[] {
  const keys = listKeysOf(n, parent) ?? [];
  return keys.map((k) => n.children.find((c) => c.name === k && c.value !== undefined)).filter((c): c is YNode => !!c).map(cloneTree);
}

/** The delete of a running node: addressed by its keys (list entry) or value (leaf-list entry). */
function deletion(n: YNode, parent: YNode | undefined): YNode {
  return { ns: n.ns, name: n.name, ...(isLeafList(n) ? { value: n.value } : {}), children: keyLeaves(n, parent), op: 'delete' };
}
