import { create } from 'xmlbuilder2';
import { DeviceError, type DeviceErrorCode } from '../device-error.js';
import { NETCONF_BASE_NS } from './capabilities.js';
import type { XmlElement } from './xml-element.js';

/** RFC 6241 section 4.3. */
export type RpcErrorType = 'transport' | 'rpc' | 'protocol' | 'application';

/** RFC 6241 appendix A. */
export type RpcErrorTag =
  | 'in-use'
  | 'invalid-value'
  | 'too-big'
  | 'missing-attribute'
  | 'bad-attribute'
  | 'unknown-attribute'
  | 'missing-element'
  | 'bad-element'
  | 'unknown-element'
  | 'unknown-namespace'
  | 'access-denied'
  | 'lock-denied'
  | 'resource-denied'
  | 'rollback-failed'
  | 'data-exists'
  | 'data-missing'
  | 'operation-not-supported'
  | 'operation-failed'
  | 'partial-operation'
  | 'malformed-message';

export type RpcErrorSeverity = 'error' | 'warning';

/** One `<rpc-error>`. Strings rather than the unions above when read: devices invent tags. */
export interface RpcErrorDetail {
  type: RpcErrorType | (string & {});
  tag: RpcErrorTag | (string & {});
  severity: RpcErrorSeverity | (string & {});
  appTag?: string;
  /** An XPath as the device wrote it (its prefixes are the device's). */
  path?: string;
  message?: string;
  /** Text of each simple `<error-info>` child by local name (session-id, bad-element, …). */
  info: Record<string, string>;
  /** The whole `<error-info>` element, for devices that put structured data there. */
  infoXml?: string;
}

/** What the caller may build an error from: severity defaults to error, info to nothing. */
export type RpcErrorInit = Omit<RpcErrorDetail, 'severity' | 'info'> & { severity?: RpcErrorDetail['severity']; info?: Record<string, string> };

// Tags that mean "someone else holds it right now": retrying later can succeed.
const TRANSIENT_TAGS: ReadonlySet<string> = new Set(['in-use', 'lock-denied', 'resource-denied']);

/** The device answered an RPC with one or more `<rpc-error>` of severity error. */
export class NetconfRpcError extends DeviceError {
  override readonly name = 'NetconfRpcError';
  readonly errors: readonly RpcErrorDetail[];

  constructor(errors: RpcErrorInit | readonly RpcErrorInit[], readonly operation?: string) {
    const list = (Array.isArray(errors) ? errors : [errors]).map(normalize);
    if (list.length === 0) throw new RangeError('NetconfRpcError needs at least one rpc-error');
    super(codeFor(list), describe(list, operation));
    this.errors = list;
  }

  /** The first error: what most callers look at. */
  get first(): RpcErrorDetail {
    return this.errors[0]!;
  }

  get errorType(): string {
    return this.first.type;
  }

  get errorTag(): string {
    return this.first.tag;
  }

  get errorSeverity(): string {
    return this.first.severity;
  }

  get errorPath(): string | undefined {
    return this.first.path;
  }

  get errorMessage(): string | undefined {
    return this.first.message;
  }

  get errorInfo(): Record<string, string> {
    return this.first.info;
  }
}

function normalize(init: RpcErrorInit): RpcErrorDetail {
  return { ...init, severity: init.severity ?? 'error', info: init.info ?? {} };
}

function codeFor(errors: readonly RpcErrorDetail[]): DeviceErrorCode {
  if (errors.every((e) => TRANSIENT_TAGS.has(e.tag))) return 'TRANSIENT';
  if (errors.some((e) => e.tag === 'malformed-message')) return 'PROTOCOL';
  if (errors.some((e) => e.tag === 'access-denied')) return 'AUTH';
  return 'REJECTED';
}

function describe(errors: readonly RpcErrorDetail[], operation: string | undefined): string {
  const [first] = errors;
  const where = first!.path ? ` at ${first!.path}` : '';
  const what = first!.message ? `: ${first!.message}` : '';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const op = operation ? `<${operation}> ` : '';
  return `NETCONF ${op}rpc-error ${first!.tag} (${first!.type})${where}${what}${more}`;
}

/** Reads one `<rpc-error>` element of a reply. */
export function readRpcError(element: XmlElement): RpcErrorDetail {
  const text = (name: string): string | undefined => element.child(name)?.text().trim();
  const info: Record<string, string> = {};
  const infoElement = element.child('error-info');
  for (const child of infoElement?.children() ?? []) {
    if (child.children().length === 0 && !(child.local in info)) info[child.local] = child.text().trim();
  }
  const detail: RpcErrorDetail = {
    type: text('error-type') ?? '',
    tag: text('error-tag') ?? '',
    severity: text('error-severity') ?? 'error',
    info,
  };
  const appTag = text('error-app-tag');
  const path = text('error-path');
  const message = text('error-message');
  if (appTag) detail.appTag = appTag;
  if (path) detail.path = path;
  if (message) detail.message = message;
  if (infoElement) detail.infoXml = infoElement.outerXml();
  return detail;
}

/** Renders one `<rpc-error>` (in the base namespace) for a reply. */
export function renderRpcError(detail: RpcErrorDetail): string {
  const root = create().ele(NETCONF_BASE_NS, 'rpc-error');
  root.ele('error-type').txt(detail.type);
  root.ele('error-tag').txt(detail.tag);
  root.ele('error-severity').txt(detail.severity);
  if (detail.appTag) root.ele('error-app-tag').txt(detail.appTag);
  if (detail.path) root.ele('error-path').txt(detail.path);
  if (detail.message) root.ele('error-message', { 'xml:lang': 'en' }).txt(detail.message);
  const infoNames = Object.keys(detail.info);
  if (infoNames.length) {
    const info = root.ele('error-info');
    for (const name of infoNames) info.ele(name).txt(detail.info[name]!);
  }
  return root.end({ headless: true });
}
