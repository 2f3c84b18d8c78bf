import { NETCONF_BASE_NS, escapeAttribute, escapeText, type XmlElement } from '#drivers';
import { CE_NETCONF_LEAF_LISTS, CE_NETCONF_LIST_KEYS } from '#dialects';

/**
 * One node of an emulated switch's configuration datastore: a namespace-qualified YANG data tree
 * (containers, list entries, leaves, leaf-list entries), independent of any XML text.
 */
export interface ConfigNode {
  ns: string;
  name: string;
  /** Leaves and leaf-list entries only. */
  value?: string;
  /**
   * Identityref values (`oc-ni-types:L3VRF`) are kept as the identity's namespace and local name
   * (`value`), since prefixes are the writer's: `x:L3VRF` with `x` bound to the same module is the
   * same value. `valuePrefix` is the prefix the writer used, reused when the tree is written out.
   */
  valueNs?: string;
  valuePrefix?: string;
  children: ConfigNode[];
}

/** An edit-config node: a ConfigNode plus the `nc:operation` written on it, if any. */
export interface EditNode extends Omit<ConfigNode, 'children'> {
  op?: EditOperation;
  children: EditNode[];
}

export type EditOperation = 'merge' | 'replace' | 'create' | 'delete' | 'remove';

const SPINEL_NS = 'urn:spinel:yang:spinel-ext';
const INTERFACES_NS = 'http://openconfig.net/yang/interfaces';

/** The dialect's own tables: a list it starts writing is keyed here too, never merged as a container. */
const LIST_KEYS = CE_NETCONF_LIST_KEYS;
/** Leaf-lists: their entries are identified by value. */
const LEAF_LISTS = CE_NETCONF_LEAF_LISTS;

type Named = Pick<ConfigNode, 'ns' | 'name'>;

/** Key leaves of `node` when it is a list entry under `parent`; `interfaces/interface` is keyed by `name` only at the top of openconfig-interfaces, by `id` where it is a reference list. */
export function listKeys(node: Named, parent: Named | undefined): readonly string[] | undefined {
  if (!parent) return undefined;
  if (parent.name === 'interfaces' && node.name === 'interface') return parent.ns === INTERFACES_NS && node.ns === INTERFACES_NS ? ['name'] : ['id'];
  return LIST_KEYS[`${parent.name}/${node.name}`];
}

export const isLeafList = (node: Pick<ConfigNode, 'name' | 'value'>): boolean => node.value !== undefined && LEAF_LISTS.has(node.name);

/** Leaves of the modules the dialect writes whose type is an identityref (the dialect's own list). */
const IDENTITYREF_LEAVES: ReadonlySet<string> = new Set(['type', 'identifier', 'afi-safi-name', 'encapsulation-type', 'service-type', 'network-type', 'protocol', 'forwarding-action', 'src-protocol', 'dst-protocol', 'address-family']);

/** A leaf's value as data: identities qualified by their module's namespace. */
const dataValue = (leaf: Pick<ConfigNode, 'value' | 'valueNs'>): string | undefined => (leaf.valueNs !== undefined ? `{${leaf.valueNs}}${leaf.value}` : leaf.value);
/** A leaf's value as a person reads it: identities with the prefix they were written with. */
export const displayValue = (leaf: Pick<ConfigNode, 'value' | 'valuePrefix'>): string | undefined => (leaf.valuePrefix !== undefined ? `${leaf.valuePrefix}:${leaf.value}` : leaf.value);

const keyLeaf = (node: Pick<ConfigNode, 'children'>, key: string): ConfigNode | undefined => node.children.find((c) => c.name === key && c.value !== undefined);

/** What identifies a node among its siblings: list entries by keys, leaf-list entries by value, the rest by name. */
export function identityOf(node: Pick<ConfigNode, 'ns' | 'name' | 'value' | 'children'>, parent: Named | undefined): string {
  const keys = listKeys(node, parent);
  if (keys) return `${node.ns} ${node.name}${keys.map((k) => `\u0000${dataValue(keyLeaf(node, k) ?? {}) ?? ''}`).join('')}`;
  if (isLeafList(node)) return `${node.ns} ${node.name}\u0000=${node.value}`;
  return `${node.ns} ${node.name}`;
}

/** One step of a readable path, in the dialect's style: `interface[name=10GE1/0/1]`. */
export function pathStep(node: Pick<ConfigNode, 'ns' | 'name' | 'value' | 'children'>, parent: Named | undefined): string {
  const name = node.ns === SPINEL_NS ? `spx:${node.name}` : node.name;
  const keys = listKeys(node, parent);
  if (keys) return `${name}${keys.map((k) => `[${k}=${displayValue(keyLeaf(node, k) ?? {}) ?? '?'}]`).join('')}`;
  if (isLeafList(node)) return `${name}[.=${node.value}]`;
  return name;
}

export const isKeyLeaf = (leaf: ConfigNode | EditNode, parent: Named, grandParent: Named | undefined): boolean =>
  leaf.value !== undefined && (listKeys(parent, grandParent)?.includes(leaf.name) ?? false);

export function cloneNode(node: ConfigNode): ConfigNode {
  return { ns: node.ns, name: node.name, ...leafValueOf(node), children: node.children.map(cloneNode) };
}

/** The value fields of a leaf (none for a container). */
export function leafValueOf(node: Pick<ConfigNode, 'value' | 'valueNs' | 'valuePrefix'>): Pick<ConfigNode, 'value' | 'valueNs' | 'valuePrefix'> {
  if (node.value === undefined) return {};
  return { value: node.value, ...(node.valueNs !== undefined ? { valueNs: node.valueNs, valuePrefix: node.valuePrefix ?? 'id' } : {}) };
}

/** Equal as data: same nodes, children compared by identity (order does not matter). */
export function sameTree(a: ConfigNode, b: ConfigNode): boolean {
  if (a.ns !== b.ns || a.name !== b.name || a.value !== b.value || a.valueNs !== b.valueNs || a.children.length !== b.children.length) return false;
  const theirs = new Map(b.children.map((c) => [identityOf(c, b), c]));
  return a.children.every((c) => {
    const other = theirs.get(identityOf(c, a));
    return other !== undefined && sameTree(c, other);
  });
}

const IDENTITY_VALUE = /^([A-Za-z_][\w.-]*):([A-Za-z_][\w.-]*)$/;

/** Reads an edit-config `<config>` (or any element) into an edit tree, with its `nc:operation` attributes. */
export function readEditTree(element: XmlElement): EditNode {
  const children = element.children().map(readEditTree);
  const node: EditNode = { ns: element.namespace, name: element.local, children };
  const op = operationOf(element);
  if (op) node.op = op;
  if (children.length === 0) {
    const text = element.text();
    node.value = text;
    const m = IDENTITYREF_LEAVES.has(element.local) ? IDENTITY_VALUE.exec(text.trim()) : null;
    const bound = m ? element.scope[m[1]!] : undefined;
    if (m && bound !== undefined) {
      node.value = m[2]!;
      node.valueNs = bound;
      node.valuePrefix = m[1]!;
    }
  }
  return node;
}

/** The `operation` attribute in the NETCONF namespace, whatever its prefix. */
function operationOf(element: XmlElement): EditOperation | undefined {
  for (const [attribute, value] of Object.entries(element.attributes)) {
    const colon = attribute.indexOf(':');
    if (colon <= 0 || attribute.slice(colon + 1) !== 'operation' || element.scope[attribute.slice(0, colon)] !== NETCONF_BASE_NS) continue;
    if (!['merge', 'replace', 'create', 'delete', 'remove'].includes(value)) {
      throw new UnknownOperationError(element.local, value);
    }
    return value as EditOperation;
  }
  return undefined;
}

export class UnknownOperationError extends Error {
  constructor(
    readonly element: string,
    readonly operation: string,
  ) {
    super(`unknown edit operation "${operation}" on <${element}>`);
  }
}

/**
 * Serializes children under a root element (`data` or `config`) in the NETCONF namespace. Each
 * node whose namespace differs from its parent's declares it as the default; identityref values
 * get a prefix declared once on the root.
 */
export function writeTree(rootName: 'data' | 'config', children: readonly ConfigNode[]): string {
  const prefixes = new Map<string, string>();
  const collect = (n: ConfigNode) => {
    if (n.valueNs !== undefined && !prefixes.has(n.valueNs)) {
      const wanted = n.valuePrefix ?? 'id';
      const taken = wanted === 'xmlns' || [...prefixes.values()].includes(wanted);
      prefixes.set(n.valueNs, taken ? `id${prefixes.size}` : wanted);
    }
    n.children.forEach(collect);
  };
  children.forEach(collect);
  const declarations = [...prefixes].map(([uri, prefix]) => ` xmlns:${prefix}="${escapeAttribute(uri)}"`).join('');
  const parts: string[] = [`<${rootName} xmlns="${NETCONF_BASE_NS}"${declarations}>`];
  const write = (n: ConfigNode, defaultNs: string) => {
    const xmlns = n.ns === defaultNs ? '' : ` xmlns="${escapeAttribute(n.ns)}"`;
    if (n.value !== undefined) {
      const value = n.valueNs !== undefined ? `${prefixes.get(n.valueNs)}:${n.value}` : n.value;
      parts.push(`<${n.name}${xmlns}>${escapeText(value)}</${n.name}>`);
      return;
    }
    parts.push(`<${n.name}${xmlns}>`);
    for (const c of n.children) write(c, n.ns);
    parts.push(`</${n.name}>`);
  };
  for (const c of children) write(c, NETCONF_BASE_NS);
  parts.push(`</${rootName}>`);
  return parts.join('');
}
