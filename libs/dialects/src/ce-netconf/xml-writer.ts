import { create } from 'xmlbuilder2';
import { IDENTITY_PREFIXES, NS, SPINEL_PREFIX } from './namespaces.js';
import type { YNode } from './yang-tree.js';

type XMLBuilder = ReturnType<typeof create>;

/**
 * Serializes a tree under a NETCONF `<config>` element, pretty-printed. Each OpenConfig module's
 * subtree carries its own default namespace; Spinel extension nodes are written with the `spx:`
 * prefix so they stand out; identity prefixes and `nc:` are declared once on `<config>`, and only
 * those the document uses.
 */
export function writeConfig(children: readonly YNode[]): string {
  const used = new Set<string>();
  for (const c of children) collectPrefixes(c, used);
  const attrs: Record<string, string> = { xmlns: NS.netconf };
  if (used.has('nc')) attrs['xmlns:nc'] = NS.netconf;
  if (used.has(SPINEL_PREFIX)) attrs[`xmlns:${SPINEL_PREFIX}`] = NS.spinel;
  for (const [prefix, namespace] of Object.entries(IDENTITY_PREFIXES)) if (used.has(prefix)) attrs[`xmlns:${prefix}`] = namespace;
  const doc = create();
  const root = doc.ele('config', attrs);
  for (const c of children) writeNode(root, c, NS.netconf);
  return `${doc.end({ prettyPrint: true, headless: true })}\n`;
}

function writeNode(parent: XMLBuilder, node: YNode, defaultNs: string): void {
  const attrs: Record<string, string> = {};
  let name = node.name;
  let childDefault = defaultNs;
  if (node.ns === NS.spinel) name = `${SPINEL_PREFIX}:${node.name}`;
  else if (node.ns !== defaultNs) {
    attrs.xmlns = node.ns;
    childDefault = node.ns;
  }
  if (node.op) attrs['nc:operation'] = node.op;
  const el = parent.ele(name, attrs);
  if (node.value !== undefined) el.txt(node.value);
  for (const c of node.children) writeNode(el, c, childDefault);
}

const IDENTITY_VALUE = /^([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*$/;

function collectPrefixes(node: YNode, used: Set<string>): void {
  if (node.ns === NS.spinel) used.add(SPINEL_PREFIX);
  if (node.op) used.add('nc');
  const m = node.value === undefined ? null : IDENTITY_VALUE.exec(node.value);
  if (m && m[1]! in IDENTITY_PREFIXES) used.add(m[1]!);
  for (const c of node.children) collectPrefixes(c, used);
}
