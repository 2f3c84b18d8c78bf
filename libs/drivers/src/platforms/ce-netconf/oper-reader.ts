import { DeviceError } from '../../device-error.js';
import { XmlElement } from '../../netconf/xml-element.js';

/** Namespaces of the `<get>` state layout (docs/operational-state.md). */
export const OPER_NS = {
  system: 'http://openconfig.net/yang/system',
  platform: 'http://openconfig.net/yang/platform',
  interfaces: 'http://openconfig.net/yang/interfaces',
  ethernet: 'http://openconfig.net/yang/interfaces/ethernet',
  networkInstance: 'http://openconfig.net/yang/network-instance',
  lldp: 'http://openconfig.net/yang/lldp',
  spinel: 'urn:spinel:yang:spinel-ext',
} as const;

/**
 * One element of a device's `<get>` reply with the path that names it in errors. Every accessor
 * refuses what the contract does not allow — a missing leaf, a number that is not one, an unknown
 * enum — with DeviceError PROTOCOL naming the element: a getter never invents a zero.
 */
export class OperNode {
  constructor(
    readonly element: XmlElement,
    readonly path: string,
  ) {}

  /** The `<data>` element of a reply. */
  static data(xml: string): OperNode {
    try {
      return new OperNode(XmlElement.parseDocument(xml), '');
    } catch (error) {
      throw new DeviceError('PROTOCOL', `the <get> reply is not XML this driver can read: ${(error as Error).message}`, { cause: error });
    }
  }

  /** A top-level container, or undefined when the reply has none. */
  top(ns: string, name: string): OperNode | undefined {
    const child = this.element.child(name, ns);
    return child && new OperNode(child, `/${name}`);
  }

  /** A child container or leaf, when present. */
  optional(name: string, ns = this.element.namespace, key?: string): OperNode | undefined {
    const child = this.element.child(name, ns);
    return child && new OperNode(child, `${this.path}/${name}${key ?? ''}`);
  }

  /** A child that must be there. */
  need(name: string, ns = this.element.namespace): OperNode {
    const child = this.optional(name, ns);
    if (!child) throw this.bad(`${this.path}/${name}`, 'is missing');
    return child;
  }

  /** Every child of this name, each path keyed by `keyLeaf`'s text. */
  list(name: string, keyLeaf: string, ns = this.element.namespace): OperNode[] {
    return this.element
      .children()
      .filter((c) => c.local === name && c.namespace === ns)
      .map((c) => {
        const key = c.child(keyLeaf, ns)?.text().trim();
        if (!key) throw this.bad(`${this.path}/${name}`, `has an entry without its key <${keyLeaf}>`);
        return new OperNode(c, `${this.path}/${name}[${keyLeaf}=${key}]`);
      });
  }

  text(): string {
    return this.element.text().trim();
  }

  /** A leaf's text; '' is refused unless `allowEmpty`. */
  string(name: string, ns?: string, allowEmpty = false): string {
    const value = this.need(name, ns).text();
    if (!value && !allowEmpty) throw this.bad(`${this.path}/${name}`, 'is empty');
    return value;
  }

  optionalString(name: string, ns?: string): string | undefined {
    return this.optional(name, ns)?.text();
  }

  uint(name: string, ns?: string, max = 4_294_967_295): number {
    return this.parseUint(name, this.string(name, ns), max);
  }

  optionalUint(name: string, ns?: string, max = 4_294_967_295): number | undefined {
    const value = this.optionalString(name, ns);
    return value === undefined ? undefined : this.parseUint(name, value, max);
  }

  /** A 64-bit counter (yang:counter64, also nanosecond timestamps). */
  counter64(name: string, ns?: string): bigint {
    const value = this.string(name, ns);
    if (!/^(0|[1-9][0-9]{0,19})$/.test(value) || BigInt(value) > 0xffff_ffff_ffff_ffffn) throw this.bad(`${this.path}/${name}`, `"${value}" is not a 64-bit unsigned number`);
    return BigInt(value);
  }

  boolean(name: string, ns?: string): boolean {
    const value = this.string(name, ns);
    if (value !== 'true' && value !== 'false') throw this.bad(`${this.path}/${name}`, `"${value}" is not true or false`);
    return value === 'true';
  }

  /** One of `allowed`, compared case-insensitively; returns the allowed spelling. */
  oneOf<T extends string>(name: string, allowed: readonly T[], ns?: string): T {
    const value = this.string(name, ns);
    const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    if (!found) throw this.bad(`${this.path}/${name}`, `"${value}" is not one of ${allowed.join(', ')}`);
    return found;
  }

  /** An identityref leaf's local name (`oc-eth:SPEED_100GB` → `SPEED_100GB`). */
  identity(name: string, ns?: string): string {
    const value = this.string(name, ns);
    return value.slice(value.indexOf(':') + 1);
  }

  bad(path: string, problem: string): DeviceError {
    return new DeviceError('PROTOCOL', `bad device reply: ${path} ${problem}`);
  }

  private parseUint(name: string, value: string, max: number): number {
    if (!/^(0|[1-9][0-9]{0,9})$/.test(value) || Number(value) > max) throw this.bad(`${this.path}/${name}`, `"${value}" is not a number in 0..${max}`);
    return Number(value);
  }
}

/** Nanoseconds since the epoch (OpenConfig's timeticks64) as a Date. */
export function nanosToDate(node: OperNode, name: string, ns?: string): Date {
  return new Date(Number(node.counter64(name, ns) / 1_000_000n));
}
