import { cloneTree, identityOf, type YNode } from '../yang-tree.js';

/**
 * A NETCONF datastore's reading of an edit-config with default-operation merge (RFC 6241 §7.2), on
 * the trees the XML reader produces: `delete` of something absent is an error (data-missing),
 * `remove` of it is not; everything else merges, list entries and leaf-list values by identity.
 */
export function applyEdit(running: YNode, edit: YNode): YNode {
  const out = cloneTree(running);
  mergeChildren(out, edit, '');
  return out;
}

function mergeChildren(target: YNode, edit: YNode, path: string): void {
  // An element read without children (`<config/>`) is a container once something is merged in.
  if (edit.children.length) delete target.value;
  for (const e of edit.children) {
    const id = identityOf(e, edit);
    const i = target.children.findIndex((t) => identityOf(t, target) === id);
    const here = `${path}/${e.name}`;
    if (e.op === 'delete' || e.op === 'remove') {
      if (i < 0) {
        if (e.op === 'delete') throw new Error(`data-missing: delete of ${here}, which does not exist`);
        continue;
      }
      target.children.splice(i, 1);
      continue;
    }
    if (e.op && e.op !== 'merge') throw new Error(`operation ${e.op} is not expected in these edits (${here})`);
    if (i < 0) {
      target.children.push(withoutOperations(e, here));
      continue;
    }
    const t = target.children[i]!;
    if (e.value !== undefined) t.value = e.value;
    else mergeChildren(t, e, here);
  }
}

function withoutOperations(n: YNode, path: string): YNode {
  if (n.op === 'delete') throw new Error(`data-missing: delete of ${path} inside a node being created`);
  const { op: _op, ...rest } = n;
  return { ...rest, children: n.children.filter((c) => c.op !== 'remove').map((c) => withoutOperations(c, `${path}/${c.name}`)) };
}

/**
 * A comparable form of a tree: children sorted by identity, containers left empty by deletions
 * dropped (an empty non-presence container is the same as an absent one).
 */
export function normalizeTree(n: YNode): unknown {
  const kids = n.children
    .map((c) => ({ id: identityOf(c, n), c }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ c }) => normalizeTree(c))
    .filter((c) => c !== undefined);
  if (n.value === undefined && kids.length === 0) return undefined;
  return n.value !== undefined ? { [n.name]: n.value } : { [n.name]: kids };
}
