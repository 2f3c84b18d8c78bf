import { NetconfRpcError, type RpcErrorInit } from '#drivers';
import { type ConfigNode, type EditNode, type EditOperation, cloneNode, identityOf, isKeyLeaf, leafValueOf, listKeys, pathStep } from './config-tree.js';

export type DefaultOperation = 'merge' | 'replace' | 'none';
export type ErrorOption = 'stop-on-error' | 'continue-on-error' | 'rollback-on-error';
type Operation = EditOperation | 'none';

/**
 * RFC 6241 section 7.2 on a datastore tree, at any depth. `root` is the datastore's root (the
 * children of `<config>`) and is changed in place; `edit` is the `<config>` of the request.
 *
 * Errors are collected per top-level element of the edit: `stop-on-error` keeps what was applied
 * before the first failure, `continue-on-error` applies every other element and reports all
 * failures, `rollback-on-error` restores the tree as it was (the caller passes a copy and keeps the
 * original, so "restores" means the caller throws the copy away: see SwitchConfigStore).
 */
export function applyEdit(root: ConfigNode, edit: EditNode, defaultOperation: DefaultOperation, errorOption: ErrorOption): void {
  if (defaultOperation === 'replace') {
    // Replace at the root: the datastore becomes the edit's content, whatever it held.
    root.children = [];
  }
  const failures: RpcErrorInit[] = [];
  for (const element of edit.children) {
    try {
      applyChild(root, element, defaultOperation, '');
    } catch (error) {
      if (!(error instanceof NetconfRpcError)) throw error;
      failures.push(...error.errors);
      if (errorOption !== 'continue-on-error') break;
    }
  }
  if (failures.length) throw new NetconfRpcError(failures, 'edit-config');
}

function applyChild(target: ConfigNode, e: EditNode, inherited: Operation, parentPath: string): void {
  const op: Operation = e.op ?? inherited;
  const path = `${parentPath}/${pathStep(e, target)}`;
  const keys = listKeys(e, target);
  if (keys) {
    const missing = keys.filter((k) => !e.children.some((c) => c.name === k && c.value !== undefined));
    if (missing.length) throw rpcError({ type: 'protocol', tag: 'missing-element', path, message: `list entry ${e.name} needs its key ${missing.join(', ')}`, info: { 'bad-element': missing[0]! } });
  }
  const id = identityOf(e, target);
  const index = target.children.findIndex((c) => identityOf(c, target) === id);
  const existing = index < 0 ? undefined : target.children[index];

  switch (op) {
    case 'delete':
    case 'remove':
      if (!existing) {
        if (op === 'delete') throw rpcError({ type: 'application', tag: 'data-missing', path, message: `${path} does not exist, so it cannot be deleted` });
        return;
      }
      target.children.splice(index, 1);
      return;
    case 'create':
      if (existing) throw rpcError({ type: 'application', tag: 'data-exists', path, message: `${path} already exists` });
      target.children.push(build(e, target, path));
      return;
    case 'replace': {
      const fresh = build(e, target, path);
      if (existing) target.children[index] = fresh;
      else target.children.push(fresh);
      return;
    }
    case 'merge':
    case 'none': {
      const isLeaf = e.children.length === 0 && (existing === undefined || existing.children.length === 0);
      if (isLeaf) {
        if (op === 'none') return; // a leaf under "none" only addresses
        if (existing) setValue(existing, e);
        else target.children.push(build(e, target, path));
        return;
      }
      let node = existing;
      if (!node) {
        // RFC 6241: with "none", a level the datastore lacks is data-missing, unless nothing below asks for a change.
        if (op === 'none' && !asksForChange(e)) return;
        if (op === 'none') throw rpcError({ type: 'application', tag: 'data-missing', path, message: `${path} does not exist (default-operation none)` });
        node = { ns: e.ns, name: e.name, children: [] };
        for (const key of keys ?? []) node.children.push(cloneNode(e.children.find((c) => c.name === key && c.value !== undefined)! as ConfigNode));
        target.children.push(node);
      }
      delete node.value;
      delete node.valueNs;
      delete node.valuePrefix;
      for (const child of e.children) {
        if (isKeyLeaf(child, e, target)) continue;
        applyChild(node, child, op, path);
      }
      return;
    }
  }
}

/** A new subtree from the edit: operations below it apply to nothing (delete → data-missing). */
function build(e: EditNode, parent: ConfigNode, path: string): ConfigNode {
  const node: ConfigNode = { ns: e.ns, name: e.name, children: [] };
  if (e.children.length === 0) {
    setValue(node, e);
    return node;
  }
  for (const child of e.children) {
    if (isKeyLeaf(child, e, parent)) {
      node.children.push({ ns: child.ns, name: child.name, ...leafValueOf(child), children: [] });
      continue;
    }
    applyChild(node, child, 'replace', path);
  }
  return node;
}

function setValue(node: ConfigNode, e: EditNode): void {
  delete node.valueNs;
  delete node.valuePrefix;
  Object.assign(node, leafValueOf({ ...e, value: e.value ?? '' }));
  node.children = [];
}

function asksForChange(e: EditNode): boolean {
  return (e.op !== undefined && e.op !== 'remove') || e.children.some(asksForChange);
}

function rpcError(init: RpcErrorInit): NetconfRpcError {
  return new NetconfRpcError(init, 'edit-config');
}
