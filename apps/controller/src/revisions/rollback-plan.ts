import { InvalidValueError } from '#domain';
import type { RevisionChange } from '#persistence';

export type Image = Record<string, unknown>;

/**
 * Intent kinds parents first: a re-created object's references exist before it, and deleting in
 * the reverse order removes children before what they reference (the foreign keys' order).
 */
export const ROLLBACK_ORDER = [
  'fabric',
  'tenant',
  'device',
  'vpc',
  'link',
  'container-node',
  'logical-switch',
  'logical-router',
  'security-policy',
  'external-gateway',
  'logical-port',
] as const;

/** One object the revisions after N touched: what it was right after N (`null`: it did not exist). */
export interface HistoryEntry {
  kind: string;
  id: string;
  target: Image | null;
  /** Highest version any image after N shows: a re-created object continues above it, so old ETags never match again. */
  maxVersion: number;
}

/**
 * The intent right after revision N, for every object a later revision touched: the `before` image
 * of an object's first change after N is its state at N. Objects no later revision touched are
 * unchanged since N and need nothing. `changes` must be in revision order.
 */
export function stateAfter(changes: readonly RevisionChange[]): HistoryEntry[] {
  const byKey = new Map<string, HistoryEntry>();
  for (const ch of changes) {
    const key = `${ch.kind}/${ch.id}`;
    const versions = [ch.before?.version, ch.after?.version].filter((v): v is number => typeof v === 'number');
    const seen = byKey.get(key);
    if (seen) {
      seen.maxVersion = Math.max(seen.maxVersion, ...versions);
      continue;
    }
    if (ch.op !== 'create' && ch.before === null) {
      throw new InvalidValueError(`the revision history cannot reconstruct ${ch.kind} ${ch.id}: its first change after the target revision (${ch.op}) has no before-image`);
    }
    byKey.set(key, { kind: ch.kind, id: ch.id, target: ch.op === 'create' ? null : ch.before, maxVersion: Math.max(0, ...versions) });
  }
  return [...byKey.values()];
}

/** Columns every record has, restored separately (identity, timestamps, version). */
const RECORD_COLUMNS = new Set(['id', 'createdAt', 'updatedAt', 'version']);

/**
 * Columns whose value an image shows under another shape: the port's binding and owner objects,
 * the device's sealed password (never in an image: `hasPassword` only, handled by the caller).
 */
const FROM_IMAGE: Record<string, Record<string, (img: Image) => unknown>> = {
  'logical-port': {
    bindingKind: (i) => nested(i, 'binding', 'kind'),
    deviceId: (i) => nested(i, 'binding', 'deviceId'),
    interfaceName: (i) => nested(i, 'binding', 'interfaceName'),
    containerNodeId: (i) => nested(i, 'binding', 'containerNodeId'),
    vlan: (i) => nested(i, 'binding', 'vlan'),
    ownerKind: (i) => nested(i, 'owner', 'kind'),
    ownerName: (i) => nested(i, 'owner', 'name'),
    ownerUid: (i) => nested(i, 'owner', 'uid'),
  },
  device: { passwordSealed: () => SKIP },
};

const SKIP = Symbol('restored by the caller');

/** `null` object → every field of it null; a missing object → undefined (the image lacks it). */
function nested(img: Image, key: string, field: string): unknown {
  if (!(key in img)) return undefined;
  const o = img[key] as Record<string, unknown> | null;
  return o === null ? null : o[field];
}

/**
 * The row an image stands for: every column (entity property) of the kind's table from the image, or a refusal that
 * names what the image lacks. Rollback never guesses a value it was not shown.
 */
export function rowFromImage(kind: string, label: string, columns: readonly string[], img: Image): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const name of columns) {
    if (RECORD_COLUMNS.has(name)) continue;
    const read = FROM_IMAGE[kind]?.[name];
    const value = read ? read(img) : img[name];
    if (value === SKIP) continue;
    if (value === undefined) missing.push(name);
    else row[name] = value;
  }
  if (missing.length) {
    throw new InvalidValueError(`the revision history cannot reconstruct ${label} ${String(img.id)}: its image lacks ${missing.join(', ')}`, undefined, {
      kind,
      id: img.id,
      missing,
    });
  }
  return row;
}

/**
 * Two images show the same object state when they differ at most in version, update time and
 * whether a device has a password: credentials are not rolled back (see `RollbackService.row`).
 */
export function sameState(a: Image | null, b: Image | null): boolean {
  if (a === null || b === null) return a === b;
  const strip = ({ version: _v, updatedAt: _u, hasPassword: _p, ...rest }: Image) => rest;
  return canonical(strip(a)) === canonical(strip(b));
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as object).sort(([p], [q]) => p.localeCompare(q))) : x,
  );
}

/** What a rollback changes, per kind: ids created, updated, deleted. */
export interface RollbackSummary {
  created: Record<string, string[]>;
  updated: Record<string, string[]>;
  deleted: Record<string, string[]>;
}

export function summarize(changes: readonly { kind: string; id: string; op: 'create' | 'update' | 'delete' }[]): RollbackSummary {
  const out: RollbackSummary = { created: {}, updated: {}, deleted: {} };
  const bucket = { create: out.created, update: out.updated, delete: out.deleted };
  for (const { kind, id, op } of changes) {
    const list = (bucket[op][kind] ??= []);
    if (!list.includes(id)) list.push(id);
  }
  return out;
}
