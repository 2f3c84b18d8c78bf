import { CeCliParseError } from './ce-cli.errors.js';
import type { ConfigNode } from './config-tree.js';

const isEmptyView = (n: ConfigNode) => n.view && n.children.length === 0;
/** The expected line most like `text`: same command word, most words in the same places. */
function closest(candidates: readonly ConfigNode[], text: string): ConfigNode | undefined {
  const words = text.split(' ');
  const score = (c: ConfigNode) => c.text.split(' ').filter((w, k) => w === words[k]).length;
  return candidates.filter((c) => c.text.split(' ')[0] === words[0] && score(c) > 0).sort((a, b) => score(b) - score(a))[0];
}

/**
 * The parsed text against the rendering of what was parsed from it. Every line that carries intent
 * was read into the intent, so what differs here are the lines that follow from the rest
 * (`evpn-overlay enable`, the underlay lines of a fabric port, the OSPF process, the NVE VNI list,
 * a pool's `nat outbound`…): one that disagrees is INCONSISTENT, one that is absent is MISSING.
 * Order does not matter, and empty views on either side are not configuration (VRP lists ports
 * and address families that hold nothing).
 */
export function checkAgainstRender(parsed: readonly ConfigNode[], rendered: readonly ConfigNode[], parent?: ConfigNode): void {
  const unmatched = [...rendered];
  const extra: ConfigNode[] = [];
  for (const p of parsed) {
    const k = unmatched.findIndex((r) => r.text === p.text && r.view === p.view);
    if (k < 0) {
      extra.push(p);
      continue;
    }
    checkAgainstRender(p.children, unmatched[k]!.children, p);
    unmatched.splice(k, 1);
  }
  for (const p of extra) {
    if (isEmptyView(p)) continue;
    const hint = closest(unmatched, p.text);
    throw new CeCliParseError('INCONSISTENT', p.line, p.text, hint ? `does not agree with the rest of the configuration, which implies "${hint.text}" here` : 'does not follow from the rest of the configuration (Spinel would not write it here)');
  }
  const missing = unmatched.find((r) => !isEmptyView(r));
  if (missing) {
    const reason = `missing "${missing.text}", which follows from the rest of the configuration`;
    throw parent ? new CeCliParseError('MISSING', parent.line, parent.text, reason) : new CeCliParseError('MISSING', 0, missing.text, reason);
  }
}
