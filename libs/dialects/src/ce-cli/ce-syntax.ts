import type { Fragment } from './fragment.js';

/**
 * What VRP does with a line that names something already configured, and how each line is undone.
 * Kept in one table so that render, parse (duplicate detection) and renderChanges agree.
 */

/** The identity of a view: how it is re-entered once it exists. */
export function viewKey(text: string): string {
  return text
    .replace(/^(interface \S+\.\d+) mode l2$/, '$1')
    .replace(/^(acl (?:ipv6 )?name \S+) advance$/, '$1')
    .replace(/^(ospf \d+) router-id \S+$/, '$1');
}

/**
 * Lines that a new value silently replaces (one per view): the new line is sent without undoing
 * the old one. Anything not listed must be undone first, as VRP refuses or merges otherwise
 * (`rule 5 …` merges into an existing rule 5; `vxlan vni` and `peer X as-number` refuse a change).
 */
const REPLACED: readonly RegExp[] = [
  /^sysname /,
  /^description /,
  /^mtu /,
  /^router-id /,
  /^mac-address /,
  /^source /,
  /^ip address /,
  /^peer \S+ description /,
  /^peer \S+ connect-interface /,
];

export function replaceKey(text: string): string | undefined {
  const hit = REPLACED.find((re) => re.test(text));
  if (!hit) return undefined;
  return text.match(hit)![0].trimEnd();
}

/** Undo forms that drop the value (`undo description`), or whose undo removes more (`undo peer X`). */
const SHORT_UNDO: readonly RegExp[] = [
  /^(peer \S+) as-number \S+$/,
  /^(rule \d+) .*$/,
  /^(aggregate \S+ \S+)(?: detail-suppressed)?$/,
  /^(description) .*$/,
  /^(mtu) \S+$/,
  /^(router-id) \S+$/,
  /^(mac-address) \S+$/,
  /^(peer \S+ description) .*$/,
  /^(peer \S+ connect-interface) \S+$/,
  /^(nat address-group \S+) .*$/,
];

/** The line that removes a fragment: `undo` of it, of its view key, or the positive form of an `undo` line. */
export function undoOf(f: Pick<Fragment, 'text' | 'view'>): string {
  if (f.view) return `undo ${viewKey(f.text)}`;
  if (f.text.startsWith('undo ')) return f.text.slice('undo '.length); // `undo portswitch` → `portswitch`
  for (const re of SHORT_UNDO) {
    const m = re.exec(f.text);
    if (m) return `undo ${m[1]}`;
  }
  return `undo ${f.text}`;
}

/** Settings a view holds at most once, by the part of the line that names them. */
const SINGLE: readonly RegExp[] = [
  /^(sysname|description|mtu|router-id|mac-address|source|route-distinguisher|encapsulation|bridge-domain) /,
  /^(ip address) /,
  /^(ip binding vpn-instance) /,
  /^(vxlan vni) /,
  /^(peer \S+ (?:as-number|description|connect-interface)) /,
  /^(rule \d+) /,
  /^(aggregate \S+ \S+)(?: |$)/,
  /^(nat address-group \S+) /,
  /^(nat static global \S+) /,
];

/** Key under which a line must be unique in its view (duplicate detection when parsing). */
export function uniqueKey(text: string, isView: boolean): string {
  if (isView) return viewKey(text);
  for (const re of SINGLE) {
    const m = re.exec(text);
    if (m) return m[1]!;
  }
  return text;
}
