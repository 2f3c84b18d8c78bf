import { NS } from './namespaces.js';
import { NetconfConfigError } from './netconf-config-error.js';
import { identityOf, pathStep, type YNode } from './yang-tree.js';

/** The top-level subtrees Spinel owns; anything else in a `<data>` reply is the operator's. */
const MANAGED: readonly (readonly [string, string])[] = [
  [NS.interfaces, 'interfaces'],
  [NS.networkInstance, 'network-instances'],
  [NS.acl, 'acl'],
  [NS.spinel, 'device'],
  [NS.spinel, 'nat'],
];

export const isManaged = (node: YNode): boolean => MANAGED.some(([ns, name]) => node.ns === ns && node.name === name);

/**
 * Checks that the Spinel-managed part of a document is exactly what its parsed intent renders to.
 * The parser reads what it needs; this catches the rest: elements Spinel does not write (an unknown
 * leaf, an extra list entry), implied configuration that is missing or inconsistent (an OSPF
 * interface for a link that is not a fabric link), and values in a form render would not produce.
 */
export function assertSameManagedConfig(document: YNode, rendered: readonly YNode[]): void {
  compareChildren(document.children.filter(isManaged), rendered.filter(isManaged), undefined, undefined, '');
}

function compareChildren(actual: readonly YNode[], expected: readonly YNode[], actualParent: YNode | undefined, expectedParent: YNode | undefined, path: string): void {
  const want = new Map(expected.map((e) => [identityOf(e, expectedParent), e]));
  const seen = new Map<string, YNode>();
  for (const a of actual) {
    const id = identityOf(a, actualParent);
    const step = `${path}/${pathStep(a, actualParent)}`;
    if (seen.has(id)) throw new NetconfConfigError(step, 'element appears more than once');
    seen.set(id, a);
    if (!want.has(id)) throw new NetconfConfigError(step, a.value !== undefined && want.has(identityOf({ ...a, value: undefined }, actualParent)) ? 'unexpected value' : 'unexpected element: Spinel does not configure it, nor does the rest of the configuration imply it');
  }
  for (const [id, e] of want) if (!seen.has(id)) throw new NetconfConfigError(`${path}/${pathStep(e, expectedParent)}`, 'missing element implied by the rest of the configuration');
  for (const [id, e] of want) {
    const a = seen.get(id)!;
    const step = `${path}/${pathStep(e, expectedParent)}`;
    if (e.value !== undefined) {
      if (a.children.length) throw new NetconfConfigError(step, 'expected a value, found child elements');
      if (a.value !== e.value) throw new NetconfConfigError(step, `value ${JSON.stringify(a.value)} is inconsistent with the rest of the configuration (expected ${JSON.stringify(e.value)})`);
    } else {
      compareChildren(a.children, e.children, a, e, step);
    }
  }
}
