import { isKeyLeaf, isLeafList, pathStep, type YNode } from '../yang-tree.js';

export type Outline = { [step: string]: Outline | string };

/**
 * An edit-config tree as a nested object that reads like the document: list entries and leaf-list
 * values as their path steps (`network-instance[name=BD10]`, `import-route-target[.=65000:1]`),
 * an operation as a suffix (`… @delete`), leaves as their values. Key leaves are in the steps.
 */
export function outline(node: YNode, parent?: YNode): Outline | string {
  if (node.op === 'delete' && !isLeafList(node)) return {}; // addressed by its step alone
  if (node.value !== undefined && !node.children.length) return node.value;
  const out: Outline = {};
  for (const c of node.children) {
    if (isKeyLeaf(c, node, parent)) continue;
    out[`${pathStep(c, node)}${c.op ? ` @${c.op}` : ''}`] = outline(c, node);
  }
  return out;
}
