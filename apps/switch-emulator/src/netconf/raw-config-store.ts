import { NETCONF_BASE_NS, NetconfRpcError, type XmlElement } from '#drivers';

/** Edit operations of RFC 6241 section 7.2, applied here to whole top-level elements only. */
type EditOperation = 'merge' | 'replace' | 'create' | 'delete' | 'remove' | 'none';

export type ErrorOption = 'stop-on-error' | 'continue-on-error' | 'rollback-on-error';

/**
 * A datastore of raw XML for the transport tests: the top-level elements of `<config>`, each kept
 * verbatim (with its namespace declarations) and keyed by namespace and name. It knows nothing of
 * YANG; "merge" replaces a whole top-level element. The emulated switch's real datastore comes
 * with the device model.
 */
export class RawConfigStore {
  private constructor(private readonly elements: Map<string, string>) {}

  static empty(): RawConfigStore {
    return new RawConfigStore(new Map());
  }

  copy(): RawConfigStore {
    return new RawConfigStore(new Map(this.elements));
  }

  sameAs(other: RawConfigStore): boolean {
    if (other.elements.size !== this.elements.size) return false;
    for (const [key, xml] of this.elements) if (other.elements.get(key) !== xml) return false;
    return true;
  }

  /** `<data>` with every element, or those a subtree filter names at the top level. */
  toData(filter?: XmlElement): string {
    let selected = [...this.elements.entries()];
    if (filter) {
      const wanted = new Set(filter.children().map(keyOf));
      selected = selected.filter(([key]) => wanted.has(key));
    }
    return `<data xmlns="${NETCONF_BASE_NS}">${selected.map(([, xml]) => xml).join('')}</data>`;
  }

  /**
   * Applies the children of `<config>`. Errors follow `errorOption`: stop keeps what was applied
   * before the failure, continue applies the rest and reports every failure, rollback undoes all.
   */
  edit(config: XmlElement, defaultOperation: 'merge' | 'replace' | 'none', errorOption: ErrorOption): void {
    const before = new Map(this.elements);
    if (defaultOperation === 'replace') this.elements.clear();
    const failures: NetconfRpcError[] = [];
    for (const element of config.children()) {
      try {
        this.apply(element, operationOf(element) ?? defaultOperation);
      } catch (error) {
        if (!(error instanceof NetconfRpcError)) throw error;
        failures.push(error);
        if (errorOption !== 'continue-on-error') break;
      }
    }
    if (failures.length === 0) return;
    if (errorOption === 'rollback-on-error') {
      this.elements.clear();
      for (const [key, xml] of before) this.elements.set(key, xml);
    }
    throw new NetconfRpcError(failures.flatMap((f) => f.errors));
  }

  private apply(element: XmlElement, operation: EditOperation): void {
    const key = keyOf(element);
    const exists = this.elements.has(key);
    const path = `/${element.local}`;
    switch (operation) {
      case 'none':
        return;
      case 'create':
        if (exists) throw new NetconfRpcError({ type: 'application', tag: 'data-exists', path, message: `${path} already exists` });
        this.elements.set(key, withoutOperation(element));
        return;
      case 'delete':
        if (!exists) throw new NetconfRpcError({ type: 'application', tag: 'data-missing', path, message: `${path} does not exist` });
        this.elements.delete(key);
        return;
      case 'remove':
        this.elements.delete(key);
        return;
      default:
        this.elements.set(key, withoutOperation(element));
    }
  }
}

function keyOf(element: XmlElement): string {
  return `{${element.namespace}}${element.local}`;
}

/** The element as stored: an edit's operation attribute is an instruction, not data. */
function withoutOperation(element: XmlElement): string {
  const xml = element.outerXml();
  const name = operationAttribute(element);
  if (!name) return xml;
  const startTagEnd = element.contentStart - element.start;
  const pattern = new RegExp(`\\s+${name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\s*=\\s*("[^"]*"|'[^']*')`);
  // outerXml may have added declarations after the name: search the start tag as it now reads.
  const grown = xml.length - (element.end - element.start);
  const head = xml.slice(0, startTagEnd + grown).replace(pattern, '');
  return head + xml.slice(startTagEnd + grown);
}

function operationAttribute(element: XmlElement): string | undefined {
  return Object.keys(element.attributes).find((name) => {
    const colon = name.indexOf(':');
    return colon > 0 && name.slice(colon + 1) === 'operation' && element.scope[name.slice(0, colon)] === NETCONF_BASE_NS;
  });
}

/** The `operation` attribute in the NETCONF namespace, whatever its prefix. */
function operationOf(element: XmlElement): EditOperation | undefined {
  const name = operationAttribute(element);
  if (name) {
    const value = element.attributes[name]!;
    if (!['merge', 'replace', 'create', 'delete', 'remove'].includes(value)) {
      throw new NetconfRpcError({ type: 'protocol', tag: 'bad-attribute', message: `unknown edit operation "${value}"`, info: { 'bad-attribute': 'operation', 'bad-element': element.local } });
    }
    return value as EditOperation;
  }
  return undefined;
}
