import { CeCliParseError, CeCliRenderError } from './ce-cli.errors.js';
import { viewKey } from './ce-syntax.js';
import type { Fragment } from './fragment.js';

/** A line of configuration and, when it opens a view, the lines inside it. */
export interface ConfigNode {
  text: string;
  /** 1-based line number in the parsed text (0 for rendered nodes). */
  line: number;
  /** True when the line opens a view (rendered views may be empty; parsed ones have children). */
  view: boolean;
  children: ConfigNode[];
}

/**
 * Text → tree by indentation, one space per level as VRP prints it. Ignored (not Spinel-managed,
 * never configuration): empty lines, `#` separators at any depth, `!` comment lines (the
 * `!Software Version …` banner) and a final `return`. Tabs, a jump of more than one level and
 * anything after `return` are SYNTAX errors.
 */
export function parseConfigText(text: string): ConfigNode[] {
  const root: ConfigNode = { text: '', line: 0, view: true, children: [] };
  const stack: ConfigNode[] = [root];
  let returned: number | undefined;
  text.split('\n').forEach((raw, index) => {
    const lineNo = index + 1;
    const content = raw.replace(/\r$/, '').trimEnd();
    const trimmed = content.trim();
    if (trimmed === '' || trimmed === '#' || trimmed.startsWith('!')) return;
    if (/^ *\t/.test(content)) throw new CeCliParseError('SYNTAX', lineNo, trimmed, 'indentation must be spaces (one per level), not tabs');
    if (returned !== undefined) throw new CeCliParseError('SYNTAX', lineNo, trimmed, `configuration continues after "return" at line ${returned}`);
    const depth = content.length - content.trimStart().length;
    if (trimmed === 'return' && depth === 0) {
      returned = lineNo;
      return;
    }
    if (depth > stack.length - 1) {
      throw new CeCliParseError('SYNTAX', lineNo, trimmed, `indented ${depth} levels, but the line above opens at most level ${stack.length - 1}`);
    }
    stack.length = depth + 1;
    const parent = stack[depth]!;
    parent.view = true;
    const node: ConfigNode = { text: trimmed, line: lineNo, view: false, children: [] };
    parent.children.push(node);
    stack.push(node);
  });
  return root.children;
}

/**
 * Fragments → tree. Views named in paths are created on first use; a line or an owned view that
 * appears twice means two entities render to the same line, which this syntax cannot tell apart.
 */
export function buildTree(fragments: readonly Fragment[]): ConfigNode[] {
  const root: ConfigNode = { text: '', line: 0, view: true, children: [] };
  const owned = new Set<string>();
  for (const f of fragments) {
    let at = root;
    for (const step of f.path) at = childView(at, step);
    const where = [...f.path, f.text].join(' / ');
    if (f.view) {
      if (owned.has(where)) throw new CeCliRenderError(where, 'two intent entries render to the same view');
      owned.add(where);
      childView(at, f.text);
    } else {
      if (at.children.some((c) => !c.view && c.text === f.text)) throw new CeCliRenderError(where, 'two intent entries render to the same line');
      at.children.push({ text: f.text, line: 0, view: false, children: [] });
    }
  }
  return root.children;
}

function childView(parent: ConfigNode, text: string): ConfigNode {
  const key = viewKey(text);
  let node = parent.children.find((c) => c.view && viewKey(c.text) === key);
  if (!node) {
    node = { text, line: 0, view: true, children: [] };
    parent.children.push(node);
  }
  return node;
}

/** Top-level order of `display current-configuration`; ties keep the intent's (canonical) order. */
const TOP_RANK: readonly RegExp[] = [
  /^sysname /,
  /^evpn-overlay /,
  /^ip vpn-instance /,
  /^bridge-domain /,
  /^acl /,
  /^interface Vbdif/,
  /^interface (?!LoopBack|Nve|Vbdif)[^.]+$/,
  /^interface \S+\.\d+/,
  /^interface LoopBack/,
  /^interface Nve/,
  /^bgp /,
  /^ospf /,
  /^ip route-static /,
  /^ipv6 route-static /,
  /^nat /,
];
const BGP_FAMILY_RANK: readonly RegExp[] = [/^ipv4-family unicast$/, /^ipv6-family unicast$/, /^ipv4-family vpn-instance /, /^ipv6-family vpn-instance /, /^l2vpn-family /];

const rankBy = (table: readonly RegExp[], text: string) => {
  const i = table.findIndex((re) => re.test(text));
  return i < 0 ? table.length : i;
};

function ordered(nodes: readonly ConfigNode[], depth: number, parent: string): ConfigNode[] {
  const indexed = nodes.map((node, i) => ({ node, i }));
  // Nested views: settings before sub-views (bgp: peers before address families), except that a
  // VPN instance shows its `ipv4-family` first.
  const viewsFirst = parent.startsWith('ip vpn-instance ');
  const rank = (n: ConfigNode) =>
    depth === 0 ? rankBy(TOP_RANK, n.text) : (n.view !== viewsFirst ? 1000 : 0) + (parent.startsWith('bgp ') && n.view ? rankBy(BGP_FAMILY_RANK, n.text) : 0);
  return indexed.sort((a, b) => rank(a.node) - rank(b.node) || a.i - b.i).map((x) => x.node);
}

/** Tree → text as VRP displays it: `#` between top-level sections and between BGP address families. */
export function printConfig(nodes: readonly ConfigNode[]): string {
  const out: string[] = [];
  const walk = (list: readonly ConfigNode[], depth: number, parent: string) => {
    let previous: ConfigNode | undefined;
    for (const n of ordered(list, depth, parent)) {
      // Top-level settings of one kind (`ip route-static …`) share a section, as VRP prints them.
      const sameSection = previous && !previous.view && !n.view && rankBy(TOP_RANK, previous.text) === rankBy(TOP_RANK, n.text);
      if (depth === 0 && !sameSection) out.push('#');
      previous = n;
      if (depth === 1 && n.view && parent.startsWith('bgp ')) out.push(' #');
      out.push(' '.repeat(depth) + n.text);
      walk(n.children, depth + 1, n.text);
    }
  };
  walk(nodes, 0, '');
  out.push('#', 'return');
  return `${out.join('\n')}\n`;
}
