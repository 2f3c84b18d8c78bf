import { CeCliParseError, type CeCliParseErrorCode } from './ce-cli.errors.js';
import type { ConfigNode } from './config-tree.js';
import { uniqueKey } from './ce-syntax.js';
import { splitPrefix6, type IpFamily } from './ip-prefix.js';
import { isIpv4, isNetworkAddress, maskToLength } from './ipv4.js';

export const fail = (code: CeCliParseErrorCode, node: Pick<ConfigNode, 'line' | 'text'>, reason: string): never => {
  throw new CeCliParseError(code, node.line, node.text, reason);
};

export interface Rule {
  re: RegExp;
  /** The line opens a view (its children are handled by `handle`); otherwise children are an error. */
  view?: boolean;
  handle: (m: RegExpExecArray, node: ConfigNode) => void;
}

export const leaf = (re: RegExp, handle: Rule['handle'] = () => {}): Rule => ({ re, handle });
export const branch = (re: RegExp, handle: Rule['handle']): Rule => ({ re, view: true, handle });

/**
 * Match every line of a view against the commands Spinel configures there. A line that matches
 * none is UNKNOWN_COMMAND; a setting or object given twice is DUPLICATE, naming the first.
 */
export function dispatch(nodes: readonly ConfigNode[], where: string, rules: readonly Rule[]): void {
  const seen = new Map<string, number>();
  for (const node of nodes) {
    const rule = rules.find((r) => r.re.test(node.text));
    if (!rule) fail('UNKNOWN_COMMAND', node, `not a command Spinel configures in ${where}`);
    if (!rule!.view && node.children.length) fail('SYNTAX', node, `"${node.children[0]!.text}" (line ${node.children[0]!.line}) is indented under a line that opens no view`);
    node.view = !!rule!.view;
    const key = uniqueKey(node.text, node.view);
    const first = seen.get(key);
    if (first !== undefined) fail('DUPLICATE', node, `duplicate "${key}" in ${where} (first at line ${first})`);
    seen.set(key, node.line);
    rule!.handle(rule!.re.exec(node.text)!, node);
  }
}

export function ipAt(node: ConfigNode, text: string): string {
  if (!isIpv4(text)) fail('BAD_VALUE', node, `"${text}" is not an IPv4 address`);
  return text;
}

export function intAt(node: ConfigNode, text: string, what: string, lo: number, hi: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < lo || n > hi || String(n) !== text) fail('BAD_VALUE', node, `${what} "${text}" is not an integer in ${lo}..${hi}`);
  return n;
}

/** `10.1.0.0 255.255.0.0` → `10.1.0.0/16`, refusing non-contiguous masks and host bits. */
export function prefixAt(node: ConfigNode, address: string, mask: string): string {
  ipAt(node, address);
  const length = maskToLength(mask);
  if (length === undefined) fail('BAD_VALUE', node, `"${mask}" is not a contiguous IPv4 mask`);
  if (!isNetworkAddress(address, length!)) fail('BAD_VALUE', node, `${address} has host bits set for mask ${mask}`);
  return `${address}/${length}`;
}

/** `<address> <mask>` (IPv4) or `<address> <length>` (IPv6, canonical text), of the family the view expects. */
export function familyPrefixAt(node: ConfigNode, family: IpFamily, address: string, maskOrLength: string): string {
  if (family === 4) return prefixAt(node, address, maskOrLength);
  if (!/^\d{1,3}$/.test(maskOrLength) || Number(maskOrLength) > 128) fail('BAD_VALUE', node, `"${maskOrLength}" is not an IPv6 prefix length`);
  const prefix = `${address}/${Number(maskOrLength)}`;
  if (!splitPrefix6(prefix)) fail('BAD_VALUE', node, `${prefix} is not an IPv6 prefix in canonical form without host bits`);
  return prefix;
}

const RD_OR_RT = /^(\d+|\d+\.\d+\.\d+\.\d+):\d+$/;
export function communityAt(node: ConfigNode, text: string, what: string): string {
  if (!RD_OR_RT.test(text)) fail('BAD_VALUE', node, `"${text}" is not a ${what} (ASN:number or IPv4:number)`);
  return text;
}

/** A BGP peer: an IPv4 address, or an interface name for an unnumbered session. */
export function peerAt(node: ConfigNode, text: string): string {
  if (/^[\d.]+$/.test(text)) return ipAt(node, text);
  if (!/[A-Za-z]/.test(text)) fail('BAD_VALUE', node, `"${text}" is neither an IPv4 address nor an interface name`);
  return text;
}

export function remoteAsAt(node: ConfigNode, text: string): number | 'external' | 'internal' {
  if (text === 'external' || text === 'internal') return text;
  return intAt(node, text, 'AS number', 1, 4294967295);
}

/** Patterns shared by several views. */
export const IP = '(\\S+)';
export const REST = '(.+)';
