import { type DomainError, NotFoundError } from '#domain';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { IntentRecord, RevisionChange } from '#persistence';
import type { Principal } from '../auth/principal.js';
import { scopeFilter, withinScope } from './scope.js';
import type { ViewRegistry } from './view-registry.js';

/**
 * One intent write in progress: the locked database transaction, the caller, the revision it
 * will become, and the audit trail of every object it touched.
 */
export class IntentTransaction {
  readonly changes: RevisionChange[] = [];
  private readonly tenants = new Set<string | null>();

  constructor(
    readonly em: EntityManager,
    readonly principal: Principal,
    readonly revision: number,
    private readonly views: ViewRegistry,
  ) {}

  /** The object as the API shows it: take it before changing an object, for the audit record. */
  async snapshot(kind: string, e: IntentRecord): Promise<Record<string, unknown>> {
    return this.views.view(kind, e, this.em);
  }

  /**
   * Add a change to the revision's audit record: `before` is a snapshot taken ahead of the change;
   * the after-image is the one given, or taken now from the saved object (none for a delete). It is
   * returned, so the response can reuse it instead of reading the object again.
   */
  async track(
    kind: string,
    op: RevisionChange['op'],
    subject: IntentRecord,
    before: Record<string, unknown> | null,
    after?: Record<string, unknown>,
  ): Promise<Record<string, unknown> | null> {
    const image = op === 'delete' ? null : (after ?? (await this.snapshot(kind, subject)));
    this.changes.push({ kind, id: subject.id, op, before, after: image });
    this.tenants.add(this.views.hooks(kind).tenantOf(subject));
    return image;
  }

  /** The tenant the revision belongs to: one tenant's objects only, else null (fabric-wide). */
  get tenantId(): string | null {
    return this.tenants.size === 1 ? ([...this.tenants][0] ?? null) : null;
  }

  /**
   * Resolve an id named in a request body. Invisible and missing look the same: a NotFoundError on
   * the field (422), so a tenant cannot probe other tenants' ids.
   */
  async ref<E extends ObjectLiteral>(cls: EntityTarget<E>, id: string, field: string, what: string): Promise<E> {
    const scope = scopeFilter(cls, this.principal, 'reference');
    const where = scope && withinScope({ id }, scope);
    const found = where ? await this.em.findOne(cls, { where: where as never }) : null;
    if (!found) throw new NotFoundError(`${field}: no ${what} with id ${id}`, field);
    return found;
  }

  /** Run a check and re-throw its domain error against a field path (`rules[2].ports`). */
  static at<T>(field: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      const err = e as DomainError;
      if (err && typeof err === 'object' && 'code' in err && !err.field) (err as { field?: string }).field = field;
      throw e;
    }
  }
}
