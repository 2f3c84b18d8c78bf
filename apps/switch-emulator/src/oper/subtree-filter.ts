import { NETCONF_BASE_NS, type XmlElement } from '#drivers';
import { type ConfigNode, cloneNode, displayValue, listKeys } from '../device/config-tree.js';

/**
 * RFC 6241 section 6 subtree filtering of a data tree. An empty filter element selects a node
 * with everything under it (selection node); an element with children descends (containment
 * node); an element with text selects siblings only where the leaf has that value (content match
 * node: all content matches of a level must hold, and a level with only content matches keeps
 * every sibling). A filter element without a namespace of its own matches any namespace. A list
 * entry in the answer always carries its keys, so the reader knows which entry it is.
 */
export function applySubtreeFilter(data: readonly ConfigNode[], filter: XmlElement): ConfigNode[] {
  return filterLevel(data, filter.children()) ?? [];
}

/** The selected nodes among `data` (siblings), or undefined when a content match fails. */
function filterLevel(data: readonly ConfigNode[], filters: readonly XmlElement[], parent?: ConfigNode): ConfigNode[] | undefined {
  const contentMatches = filters.filter(isContentMatch);
  const others = filters.filter((f) => !isContentMatch(f));
  const selected = new Set<ConfigNode>();
  for (const f of contentMatches) {
    const wanted = f.text().trim();
    const hits = data.filter((d) => matches(d, f) && d.value !== undefined && (d.value === wanted || displayValue(d) === wanted));
    if (hits.length === 0) return undefined;
    hits.forEach((h) => selected.add(h));
  }
  if (others.length === 0) return contentMatches.length > 0 ? data.map(cloneNode) : [];
  const out: ConfigNode[] = [];
  for (const d of data) {
    if (selected.has(d)) {
      out.push(cloneNode(d));
      continue;
    }
    for (const f of others) {
      if (!matches(d, f)) continue;
      const inner = f.children();
      if (inner.length === 0) {
        out.push(cloneNode(d));
        break;
      }
      const kept = filterLevel(d.children, inner, d);
      if (kept && kept.length > 0) {
        const keys = (listKeys(d, parent) ?? []).map((k) => d.children.find((c) => c.name === k && c.value !== undefined)).filter((k): k is ConfigNode => k !== undefined && !kept.some((c) => c.name === k.name));
        out.push({ ns: d.ns, name: d.name, children: [...keys.map(cloneNode), ...kept] });
        break;
      }
    }
  }
  return out;
}

function isContentMatch(f: XmlElement): boolean {
  return f.children().length === 0 && f.text().trim() !== '';
}

function matches(d: ConfigNode, f: XmlElement): boolean {
  if (d.name !== f.local) return false;
  return f.namespace === '' || f.namespace === NETCONF_BASE_NS || f.namespace === d.ns;
}
