import { InvalidValueError } from '#domain';
import { NetconfConfigError } from './netconf-config-error.js';
import { pathStep, type YNode } from './yang-tree.js';

/**
 * A position in a parsed document that knows its own path, so every lookup and every value check
 * can fail with an error naming the node (`/network-instances/network-instance[name=BD10]/...`).
 * Lookups default to the namespace of the current node; a different one is passed where a module
 * augments another (openconfig-if-ip under a subinterface) or for Spinel's extension nodes.
 */
export class Cursor {
  constructor(
    readonly node: YNode,
    readonly path: string,
  ) {}

  static root(node: YNode): Cursor {
    return new Cursor(node, '');
  }

  child(name: string, namespace: string = this.node.ns): Cursor | undefined {
    const found = this.node.children.filter((c) => c.name === name && c.ns === namespace);
    if (found.length > 1) throw new NetconfConfigError(`${this.path}/${pathStep(found[1]!, this.node)}`, 'element appears more than once');
    return found[0] && new Cursor(found[0], `${this.path}/${pathStep(found[0], this.node)}`);
  }

  need(name: string, namespace?: string): Cursor {
    return this.child(name, namespace) ?? this.fail(`missing element ${name}`);
  }

  /** The entries of `container/entry`; none when the container is absent. */
  list(container: string, entry: string, namespace: string = this.node.ns): Cursor[] {
    const c = this.child(container, namespace);
    if (!c) return [];
    return c.node.children.filter((n) => n.name === entry && n.ns === namespace).map((n) => new Cursor(n, `${c.path}/${pathStep(n, c.node)}`));
  }

  text(name: string, namespace?: string): string | undefined {
    const c = this.child(name, namespace);
    if (!c) return undefined;
    if (c.node.value === undefined) c.fail('expected a value, found child elements');
    return c.node.value;
  }

  needText(name: string, namespace?: string): string {
    return this.text(name, namespace) ?? this.fail(`missing leaf ${name}`);
  }

  /** Values of a leaf-list, in document order. */
  values(name: string, namespace: string = this.node.ns): string[] {
    return this.node.children.filter((c) => c.name === name && c.ns === namespace).map((c) => c.value ?? '');
  }

  /** Parses a leaf with a domain parser; its InvalidValueError becomes an error at the leaf's path. */
  parse<T>(name: string, parse: (raw: string) => T, namespace?: string): T | undefined {
    const c = this.child(name, namespace);
    if (!c) return undefined;
    return c.parseValue(parse);
  }

  needParse<T>(name: string, parse: (raw: string) => T, namespace?: string): T {
    const c = this.child(name, namespace) ?? this.fail(`missing leaf ${name}`);
    return c.parseValue(parse);
  }

  /** Parses every value of a leaf-list; an error names the offending entry. */
  parseValues<T>(name: string, parse: (raw: string) => T, namespace: string = this.node.ns): T[] {
    return this.node.children
      .filter((c) => c.name === name && c.ns === namespace)
      .map((c) => new Cursor(c, `${this.path}/${pathStep(c, this.node)}`).parseValue(parse));
  }

  parseValue<T>(parse: (raw: string) => T): T {
    if (this.node.value === undefined) this.fail('expected a value, found child elements');
    try {
      return parse(this.node.value as string);
    } catch (err) {
      if (err instanceof InvalidValueError || err instanceof NetconfConfigError) this.fail(err instanceof NetconfConfigError ? err.reason : err.message);
      throw err;
    }
  }

  fail(reason: string): never {
    throw new NetconfConfigError(this.path || '/', reason);
  }
}
