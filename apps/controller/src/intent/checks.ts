import { ConflictError } from '#domain';
import type { EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { Not } from 'typeorm';
import type { IntentTransaction } from './intent-transaction.js';
import { scopeFilter } from './scope.js';

/** Refuse a second object with the same key (the unique index is the backstop; this is the message). */
export async function assertUnique<E extends ObjectLiteral & { id: string }>(
  tx: IntentTransaction,
  cls: EntityTarget<E>,
  where: FindOptionsWhere<E>,
  field: string,
  message: string,
  exceptId?: string,
): Promise<void> {
  const clash = await tx.em.findOne(cls, { where: { ...where, ...(exceptId ? { id: Not(exceptId) } : {}) } as FindOptionsWhere<E> });
  if (!clash) return;
  // Some names are fabric-wide (VRFs): say that it is taken, but name the holder only to who may see it.
  const scope = scopeFilter(cls, tx.principal, 'read');
  const visible = scope !== null && Object.entries(scope).every(([k, v]) => (clash as ObjectLiteral)[k] === v);
  throw new ConflictError(message, field, visible ? { conflictingId: clash.id } : undefined);
}

/** Copy the fields a PATCH body carries (undefined = untouched) onto an entity. */
export function applyPatch<E extends object>(target: E, patch: object, fields: readonly (keyof E & string)[]): E {
  for (const f of fields) {
    const v = (patch as Record<string, unknown>)[f];
    if (v !== undefined) (target as Record<string, unknown>)[f] = v;
  }
  return target;
}

export const recordView = (e: { id: string; createdAt: Date; updatedAt: Date; version: number }) => ({
  id: e.id,
  version: e.version,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

/** A list filter from the query fields that were given. */
export function definedOnly(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
