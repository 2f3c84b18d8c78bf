import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { IDENTITYREF_LEAVES, NS, identityPrefixFor } from './namespaces.js';
import { NetconfConfigError } from './netconf-config-error.js';
import type { EditOperation, YNode } from './yang-tree.js';

type Scope = Readonly<Record<string, string>>;
type RawElement = Record<string, unknown>;

const EDIT_OPERATIONS: ReadonlySet<string> = new Set(['merge', 'replace', 'create', 'delete', 'remove']);

// Every element is read as an array (so a YANG list with one entry is still a list), values stay
// text (`parseTagValue: false`: "007" must not become 7), whitespace inside leaves is kept, and
// prefixes are kept too: namespaces are resolved below, against the document's own declarations,
// because removing prefixes would merge `spx:config` into OpenConfig's `config`.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  alwaysCreateTextNode: true,
  removeNSPrefix: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (_name, _jpath, _isLeaf, isAttribute) => !isAttribute,
});

/**
 * Reads a NETCONF `<config>` (an edit-config payload) or `<data>` (a get-config reply) into a
 * namespace-resolved tree whose root is that element. Identity values are rewritten to this
 * dialect's prefixes, and `nc:operation` attributes are kept.
 */
export function readConfigXml(text: string): YNode {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    throw new NetconfConfigError(openElementsAt(text, line, col), `malformed XML at line ${line}, column ${col}: ${msg}`);
  }
  const doc = parser.parse(text) as RawElement;
  const roots = Object.entries(doc).filter(([k]) => !k.startsWith('?') && !k.startsWith('#'));
  const [first] = roots;
  if (roots.length !== 1 || !first || (first[1] as unknown[]).length !== 1) throw new NetconfConfigError('/', 'expected exactly one root element, <config> or <data>');
  const root = convert(first[0], (first[1] as RawElement[])[0]!, { '': '' }, '');
  if ((root.name !== 'config' && root.name !== 'data') || (root.ns !== NS.netconf && root.ns !== '')) {
    throw new NetconfConfigError(`/${first[0]}`, `expected a NETCONF <config> or <data> root element (namespace ${NS.netconf})`);
  }
  return root;
}

function convert(qname: string, raw: RawElement, parentScope: Scope, parentPath: string): YNode {
  const path = `${parentPath}/${qname}`;
  const scope: Record<string, string> = { ...parentScope };
  for (const [k, v] of Object.entries(raw)) {
    if (k === '@_xmlns') scope[''] = String(v);
    else if (k.startsWith('@_xmlns:')) scope[k.slice('@_xmlns:'.length)] = String(v);
  }
  const [prefix, local] = splitName(qname);
  const namespace = scope[prefix];
  if (namespace === undefined) throw new NetconfConfigError(path, `element prefix "${prefix}" is not declared`);

  let op: EditOperation | undefined;
  for (const [k, v] of Object.entries(raw)) {
    if (!k.startsWith('@_') || k.startsWith('@_xmlns')) continue;
    const [attrPrefix, attrLocal] = splitName(k.slice(2));
    if (attrPrefix && scope[attrPrefix] === NS.netconf && attrLocal === 'operation') {
      if (!EDIT_OPERATIONS.has(String(v))) throw new NetconfConfigError(path, `unknown edit operation "${String(v)}"`);
      op = String(v) as EditOperation;
    }
  }

  const children: YNode[] = [];
  let text = '';
  for (const [k, v] of Object.entries(raw)) {
    if (k === '#text') text = String(v);
    else if (!k.startsWith('@_')) for (const child of v as RawElement[]) children.push(convert(k, child, scope, path));
  }
  const node: YNode = { ns: namespace, name: local, children, ...(op ? { op } : {}) };
  if (children.length) {
    if (text.trim() !== '') throw new NetconfConfigError(path, `text ${JSON.stringify(text.trim())} mixed with child elements`);
    return node;
  }
  node.value = IDENTITYREF_LEAVES.has(local) ? canonicalIdentity(text, scope) : text;
  return node;
}

function splitName(qname: string): [string, string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

function canonicalIdentity(value: string, scope: Scope): string {
  const m = /^([A-Za-z_][\w.-]*):([A-Za-z_][\w.-]*)$/.exec(value.trim());
  if (!m) return value;
  const namespace = scope[m[1]!];
  const prefix = namespace === undefined ? undefined : identityPrefixFor(namespace);
  return prefix ? `${prefix}:${m[2]}` : value;
}

/** The elements still open where the validator stopped: the path of a malformed document. */
function openElementsAt(text: string, line: number, col: number): string {
  const lines = text.split('\n');
  const offset = lines.slice(0, Math.max(0, line - 1)).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, col - 1);
  const stack: string[] = [];
  const tag = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][\s\S]*?>|<(\/?)([^\s/>]+)[^>]*?(\/?)>/g;
  for (const m of text.slice(0, offset).matchAll(tag)) {
    if (!m[2]) continue;
    if (m[1]) {
      if (stack.at(-1) === m[2]) stack.pop();
    } else if (!m[3]) stack.push(m[2]);
  }
  // Paths elsewhere start below the NETCONF root, as YANG paths do.
  const local = stack.map((s) => s.slice(s.indexOf(':') + 1));
  if (local[0] === 'config' || local[0] === 'data') stack.shift();
  return `/${stack.join('/')}`;
}
