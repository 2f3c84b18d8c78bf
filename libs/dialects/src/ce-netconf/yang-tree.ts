import { NS, SPINEL_PREFIX } from './namespaces.js';

/**
 * A namespace-qualified YANG data tree: what render builds, what the XML reader produces, and what
 * edit-config diffs are computed on. A node with a `value` is a leaf or a leaf-list entry; a node
 * without one is a container or a list entry.
 */
export interface YNode {
  ns: string;
  name: string;
  value?: string;
  children: YNode[];
  /** NETCONF edit operation (RFC 6241 §7.2), only in edit-config payloads. */
  op?: EditOperation;
}

export type EditOperation = 'merge' | 'replace' | 'create' | 'delete' | 'remove';

type Child = YNode | undefined | false | null | readonly Child[];

const flatten = (items: readonly Child[]): YNode[] => items.flatMap((c) => (Array.isArray(c) ? flatten(c) : c ? [c as YNode] : []));

/**
 * Node constructors bound to one namespace. `c` drops a container that ends up empty, `l` drops a
 * leaf whose value is undefined, so renderers can write optional parts inline.
 */
export function ns(namespace: string) {
  return {
    c(name: string, ...children: Child[]): YNode | undefined {
      const kids = flatten(children);
      return kids.length ? { ns: namespace, name, children: kids } : undefined;
    },
    /** A list entry: its keys first (RFC 7950 §7.8.5), then the rest. Never dropped. */
    entry(name: string, keys: YNode[], ...children: Child[]): YNode {
      return { ns: namespace, name, children: [...keys, ...flatten(children)] };
    },
    l(name: string, value: string | number | boolean | undefined): YNode | undefined {
      return value === undefined ? undefined : { ns: namespace, name, value: String(value), children: [] };
    },
    /** Leaf-list entries, one node per value. */
    ll(name: string, values: readonly string[]): YNode[] {
      return values.map((value) => ({ ns: namespace, name, value, children: [] }));
    },
  };
}

/**
 * Keys of every YANG list this dialect writes, by `<parent>/<list>` element names. Exported: the
 * emulated switch applies edit-config with the same table, so the two cannot drift apart.
 */
export const LIST_KEYS: Readonly<Record<string, readonly string[]>> = {
  'subinterfaces/subinterface': ['index'],
  'addresses/address': ['ip'],
  'network-instances/network-instance': ['name'],
  'protocols/protocol': ['identifier', 'name'],
  'neighbors/neighbor': ['neighbor-address'],
  'interface-neighbors/interface-neighbor': ['interface'],
  'afi-safis/afi-safi': ['afi-safi-name'],
  'static-routes/static': ['prefix'],
  'next-hops/next-hop': ['index'],
  'local-aggregates/aggregate': ['prefix'],
  'table-connections/table-connection': ['src-protocol', 'dst-protocol', 'address-family'],
  'evpn-instances/evpn-instance': ['evi'],
  'areas/area': ['identifier'],
  'acl-sets/acl-set': ['name', 'type'],
  'acl-entries/acl-entry': ['sequence-id'],
  'ingress-acl-sets/ingress-acl-set': ['set-name', 'type'],
  'egress-acl-sets/egress-acl-set': ['set-name', 'type'],
  'instances/instance': ['vrf'],
  'static-mappings/static-mapping': ['public-address'],
};

export const LEAF_LISTS: ReadonlySet<string> = new Set(['import-route-target', 'export-route-target', 'network', 'snat-pool']);

/**
 * The key leaves of `node` when it is a list entry under `parent`. `interfaces/interface` is keyed
 * by `name` at the top of openconfig-interfaces and by `id` everywhere it is a reference list
 * (network instances, ACL bindings, OSPF areas).
 */
export function listKeysOf(node: YNode, parent: YNode | undefined): readonly string[] | undefined {
  if (!parent) return undefined;
  if (parent.name === 'interfaces' && node.name === 'interface') {
    return parent.ns === NS.interfaces && node.ns === NS.interfaces ? ['name'] : ['id'];
  }
  return LIST_KEYS[`${parent.name}/${node.name}`];
}

export const isLeafList = (node: YNode): boolean => node.value !== undefined && LEAF_LISTS.has(node.name);

export const childValue = (node: YNode, name: string): string | undefined => node.children.find((c) => c.name === name && c.value !== undefined)?.value;

/** The name as written in a path: extension nodes carry their prefix. */
export const qualifiedName = (node: Pick<YNode, 'ns' | 'name'>): string => (node.ns === NS.spinel ? `${SPINEL_PREFIX}:${node.name}` : node.name);

/** One step of a readable path: `interface[name=10GE1/0/1]`, `import-route-target[.=65000:1]`. */
export function pathStep(node: YNode, parent: YNode | undefined): string {
  const keys = listKeysOf(node, parent);
  if (keys) return `${qualifiedName(node)}${keys.map((k) => `[${k}=${childValue(node, k) ?? '?'}]`).join('')}`;
  if (isLeafList(node)) return `${qualifiedName(node)}[.=${node.value}]`;
  return qualifiedName(node);
}

/**
 * What identifies `node` among its siblings: list entries by their keys, leaf-list entries by their
 * value, everything else by its qualified name.
 */
export function identityOf(node: YNode, parent: YNode | undefined): string {
  const keys = listKeysOf(node, parent);
  if (keys) return `${node.ns} ${node.name}${keys.map((k) => `\u0000${childValue(node, k) ?? ''}`).join('')}`;
  if (isLeafList(node)) return `${node.ns} ${node.name}\u0000=${node.value}`;
  return `${node.ns} ${node.name}`;
}

export const isKeyLeaf = (leaf: YNode, parent: YNode, grandParent: YNode | undefined): boolean =>
  leaf.value !== undefined && (listKeysOf(parent, grandParent)?.includes(leaf.name) ?? false);

export const cloneTree = (node: YNode): YNode => ({ ...node, children: node.children.map(cloneTree) });
