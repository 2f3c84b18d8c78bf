import { DeviceError } from '../device-error.js';

/**
 * A namespace-aware view of one element of an XML text, kept as offsets into that text.
 *
 * Why not a general-purpose parser here: the envelope layer (hello, rpc, rpc-reply, rpc-error) must
 * hand the payload — a `<data>` of several megabytes, an edit-config `<config>` — to the dialect
 * *verbatim*, with the namespace declarations it inherited from `<rpc-reply>` re-attached, and it
 * must not pay for parsing that payload twice. fast-xml-parser returns neither source offsets nor
 * namespaces (its `stopNodes` match on prefixed names only), and xmlbuilder2's DOM costs ~0.4 s
 * per MB. This reader only walks tags; children are scanned when asked for. It checks that tags
 * nest and that prefixes are declared; full well-formedness is checked where the text comes from
 * an untrusted client (the server runs fast-xml-parser's validator first).
 */
export class XmlElement {
  private childList: XmlElement[] | undefined;

  private constructor(
    /** The whole document this element is part of. */
    readonly source: string,
    /** The qualified name as written, `prefix:local` or `local`. */
    readonly qname: string,
    readonly prefix: string,
    readonly local: string,
    /** The element's namespace URI ('' when it has none). */
    readonly namespace: string,
    /** Attribute values (entity references decoded), keyed by their names as written. */
    readonly attributes: Readonly<Record<string, string>>,
    /** Namespace declarations in scope at this element, '' for the default namespace. */
    readonly scope: Readonly<Record<string, string>>,
    /** Declarations in scope at the parent: what `outerXml()` re-attaches. */
    private readonly inherited: Readonly<Record<string, string>>,
    readonly start: number,
    readonly contentStart: number,
    private contentEndAt: number,
    private endAt: number,
  ) {}

  /** Reads the document element of `text` (after an optional XML declaration, comments, PIs). */
  static parseDocument(text: string): XmlElement {
    const at = skipMisc(text, 0);
    if (at >= text.length || text[at] !== '<') throw malformed('no root element');
    const root = XmlElement.openTag(text, at, {});
    // Scanning the root's children also finds where the root ends.
    if (root.end < 0) root.children();
    if (skipMisc(text, root.end) < text.length) throw malformed('content after the root element');
    return root;
  }

  get end(): number {
    return this.endAt;
  }

  get contentEnd(): number {
    return this.contentEndAt;
  }

  attribute(name: string): string | undefined {
    return this.attributes[name];
  }

  /** Direct child elements, in document order. */
  children(): XmlElement[] {
    this.childList ??= this.scanChildren();
    return this.childList;
  }

  /** The first child with this local name (and namespace, when given). */
  child(local: string, namespace?: string): XmlElement | undefined {
    return this.children().find((c) => c.local === local && (namespace === undefined || c.namespace === namespace));
  }

  /** The character data of this element: comments dropped, CDATA unwrapped, entities decoded. */
  text(): string {
    const inner = this.innerXml();
    if (!inner.includes('<')) return decodeEntities(inner);
    let out = '';
    let i = 0;
    while (i < inner.length) {
      const lt = inner.indexOf('<', i);
      if (lt < 0) return out + decodeEntities(inner.slice(i));
      out += decodeEntities(inner.slice(i, lt));
      if (inner.startsWith('<![CDATA[', lt)) {
        const stop = inner.indexOf(']]>', lt);
        out += inner.slice(lt + 9, stop);
        i = stop + 3;
      } else {
        // Comments, PIs and child tags carry no character data of this element.
        i = skipMarkup(inner, lt);
      }
    }
    return out;
  }

  /** The element's content exactly as written. */
  innerXml(): string {
    return this.source.slice(this.contentStart, this.contentEnd);
  }

  /** The element exactly as written, plus the namespace declarations it inherited. */
  outerXml(): string {
    const written = this.source.slice(this.start, this.end);
    let declarations = '';
    for (const [prefix, uri] of Object.entries(this.inherited)) {
      const attr = prefix === '' ? 'xmlns' : `xmlns:${prefix}`;
      if (!(attr in this.attributes)) declarations += ` ${attr}="${escapeAttribute(uri)}"`;
    }
    if (!declarations) return written;
    const afterName = 1 + this.qname.length;
    return written.slice(0, afterName) + declarations + written.slice(afterName);
  }

  private static openTag(text: string, at: number, inherited: Readonly<Record<string, string>>): XmlElement {
    const gt = findTagEnd(text, at);
    const selfClosing = text[gt - 1] === '/';
    const body = text.slice(at + 1, selfClosing ? gt - 1 : gt);
    const qname = /^[^\s/>]+/.exec(body)?.[0];
    if (!qname) throw malformed(`a tag without a name at offset ${at}`);
    const attributes: Record<string, string> = {};
    const rest = body.slice(qname.length);
    const attrPattern = /\s*([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gy;
    let match: RegExpExecArray | null;
    let consumed = 0;
    while ((match = attrPattern.exec(rest)) !== null) {
      attributes[match[1]!] = decodeEntities(match[2] ?? match[3] ?? '');
      consumed = attrPattern.lastIndex;
    }
    if (rest.slice(consumed).trim() !== '') throw malformed(`bad attributes in <${qname}> at offset ${at}`);
    const scope: Record<string, string> = { ...inherited };
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'xmlns') scope[''] = value;
      else if (name.startsWith('xmlns:')) scope[name.slice(6)] = value;
    }
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    const namespace = scope[prefix];
    if (prefix && namespace === undefined) throw malformed(`prefix "${prefix}" of <${qname}> is not declared`);
    // An open element's extent is unknown (-1) until its parent's scan meets the end tag.
    const end = selfClosing ? gt + 1 : -1;
    return new XmlElement(text, qname, prefix, local, namespace ?? '', attributes, scope, inherited, at, gt + 1, end, end);
  }

  /**
   * Walks this element's content up to its end tag, checking that tags nest, and records the
   * direct children with their extents (their own content is scanned when they are asked).
   */
  private scanChildren(): XmlElement[] {
    const text = this.source;
    const children: XmlElement[] = [];
    if (this.end >= 0 && this.contentEnd === this.contentStart) return children;
    const open: string[] = [];
    let i = this.contentStart;
    for (;;) {
      const lt = text.indexOf('<', i);
      if (lt < 0) throw malformed(`<${open.at(-1) ?? this.qname}> is never closed`);
      const next = text[lt + 1];
      if (next === '/') {
        const gt = text.indexOf('>', lt);
        if (gt < 0) throw malformed(`unterminated end tag at offset ${lt}`);
        const name = readName(text, lt + 2);
        if (text.slice(lt + 2 + name.length, gt).trim() !== '') throw malformed(`bad end tag at offset ${lt}`);
        const expected = open.pop();
        if (expected === undefined) {
          if (name !== this.qname) throw malformed(`</${name}> at offset ${lt} does not close <${this.qname}>`);
          this.contentEndAt = lt;
          this.endAt = gt + 1;
          return children;
        }
        if (name !== expected) throw malformed(`</${name}> at offset ${lt} does not close <${expected}>`);
        if (open.length === 0) {
          const child = children.at(-1)!;
          child.contentEndAt = lt;
          child.endAt = gt + 1;
        }
        i = gt + 1;
      } else if (next === '!' || next === '?') {
        i = skipMarkup(text, lt);
      } else if (open.length === 0) {
        const child = XmlElement.openTag(text, lt, this.scope);
        children.push(child);
        if (child.end < 0) open.push(child.qname);
        i = child.contentStart;
      } else {
        const gt = findTagEnd(text, lt);
        if (text.charCodeAt(gt - 1) !== SLASH) open.push(readName(text, lt + 1));
        i = gt + 1;
      }
    }
  }
}

/** Skips the XML declaration, comments, PIs and whitespace around the root element. */
function skipMisc(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('<?', i) || text.startsWith('<!--', i)) i = skipMarkup(text, i);
    else if (text.startsWith('<!', i)) throw malformed('document type declarations are not accepted');
    else return i;
  }
}

/** Skips a comment, CDATA section, PI or tag starting at `lt`; returns the offset after it. */
function skipMarkup(text: string, lt: number): number {
  const close = (opening: string, closing: string): number => {
    const stop = text.indexOf(closing, lt + opening.length);
    if (stop < 0) throw malformed(`unterminated ${opening} at offset ${lt}`);
    return stop + closing.length;
  };
  if (text.startsWith('<!--', lt)) return close('<!--', '-->');
  if (text.startsWith('<![CDATA[', lt)) return close('<![CDATA[', ']]>');
  if (text.startsWith('<?', lt)) return close('<?', '?>');
  if (text.startsWith('<!', lt)) throw malformed('document type declarations are not accepted');
  return findTagEnd(text, lt) + 1;
}

const SLASH = 0x2f;
const GT = 0x3e;
const LT = 0x3c;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/** The offset of the `>` ending the tag at `lt`, skipping `>` inside quoted attribute values. */
function findTagEnd(text: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === DQUOTE || c === SQUOTE) quote = c;
    else if (c === GT) return i;
    else if (c === LT) break;
  }
  throw malformed(`unterminated tag at offset ${lt}`);
}

/** The name starting at `from`: up to whitespace, `/` or `>`. */
function readName(text: string, from: number): string {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === GT || c === SLASH || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) break;
  }
  return text.slice(from, i);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const named = NAMED_ENTITIES[ref];
    if (named === undefined) throw malformed(`unknown entity ${whole}`);
    return named;
  });
}

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

function malformed(detail: string): DeviceError {
  return new MalformedXmlError(detail);
}

/** The text is not XML this reader can follow; for NETCONF, a malformed message. */
export class MalformedXmlError extends DeviceError {
  override readonly name = 'MalformedXmlError';

  constructor(readonly detail: string) {
    super('PROTOCOL', `malformed XML: ${detail}`);
  }
}
