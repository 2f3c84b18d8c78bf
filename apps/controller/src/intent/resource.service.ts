import { Injectable } from '@nestjs/common';
import { DependentsExistError, NotFoundError, PreconditionFailedError } from '#domain';
import { DataSource, type ObjectLiteral } from 'typeorm';
import type { IntentRecord } from '#persistence';
import type { Principal } from '../auth/principal.js';
import type { Page, PageQuery } from '../common/pagination.js';
import { IntentWriter } from './intent-writer.js';
import type { IntentTransaction } from './intent-transaction.js';
import { displayName, type ResourceHooks } from './resource-hooks.js';
import { type Access, scopeFilter, withinScope } from './scope.js';
import { ViewRegistry } from './view-registry.js';

export interface Versioned {
  view: object;
  etag: string;
  revision?: number;
  /** The operation carrying the change to the devices, when it changed anything. */
  operationId?: string;
}

export const etagOf = (e: IntentRecord): string => `"${e.version}"`;

/** Generic create/read/list/update/delete over any kind's hooks: scoping, ETags, cascade, audit. */
@Injectable()
export class ResourceService {
  constructor(
    private readonly ds: DataSource,
    private readonly writer: IntentWriter,
    private readonly registry: ViewRegistry,
  ) {}

  async list(kind: string, principal: Principal, query: PageQuery): Promise<Page<object>> {
    const h = this.registry.hooks(kind);
    const scope = this.scopeOr404(h, principal, 'read');
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const filter = h.where(query);
    const where = (Array.isArray(filter) ? filter : [filter]).map((f) => withinScope(f, scope)).filter((w) => w !== null);
    if (where.length === 0) return { items: [], total: 0, limit, offset }; // filtered on another tenant's id
    const [items, total] = await this.ds.manager.findAndCount(h.entity, {
      where,
      order: { createdAt: 'ASC', id: 'ASC' } as never,
      take: limit,
      skip: offset,
    });
    const views = h.views ? await h.views(items, this.ds.manager) : await Promise.all(items.map((e) => h.view(e, this.ds.manager)));
    return { items: views, total, limit, offset };
  }

  async get(kind: string, principal: Principal, id: string): Promise<Versioned> {
    const h = this.registry.hooks(kind);
    const where = withinScope({ id }, this.scopeOr404(h, principal, 'read'));
    const e = where && (await this.ds.manager.findOne(h.entity, { where: where as never }));
    if (!e) throw this.notFound(h, id);
    return { view: await h.view(e, this.ds.manager), etag: etagOf(e) };
  }

  async create(kind: string, principal: Principal, dto: unknown): Promise<Versioned> {
    const h = this.registry.hooks(kind);
    this.scopeOr404(h, principal, 'write');
    const { result, revision, operationId } = await this.writer.write(principal, `create ${h.label}`, async (tx) => {
      const created = await h.create(tx, dto);
      return { created, view: (await tx.track(kind, 'create', created, null)) as object };
    });
    return { view: result.view, etag: etagOf(result.created), revision, operationId };
  }

  async update(kind: string, principal: Principal, id: string, dto: unknown, ifMatch?: string): Promise<Versioned> {
    const h = this.registry.hooks(kind);
    const { result, revision, operationId } = await this.writer.write(principal, `update ${h.label}`, async (tx) => {
      const current = await this.loadForWrite(tx, h, id, ifMatch);
      const before = await tx.snapshot(kind, current);
      const updated = await h.update(tx, current, dto);
      const after = await tx.snapshot(kind, updated);
      if (JSON.stringify(before) !== JSON.stringify(after)) await tx.track(kind, 'update', updated, before, after);
      return { updated, view: after as object };
    });
    return { view: result.view, etag: etagOf(result.updated), revision, operationId };
  }

  async remove(kind: string, principal: Principal, id: string, opts: { cascade: boolean; ifMatch?: string }): Promise<{ revision: number; operationId?: string }> {
    const h = this.registry.hooks(kind);
    const { revision, operationId } = await this.writer.write(principal, `delete ${h.label}${opts.cascade ? ' (cascade)' : ''}`, async (tx) => {
      const current = await this.loadForWrite(tx, h, id, opts.ifMatch);
      await this.deleteTree(tx, kind, current, opts.cascade);
    });
    return { revision, operationId };
  }

  private async deleteTree(tx: IntentTransaction, kind: string, e: IntentRecord, cascade: boolean): Promise<void> {
    const h = this.registry.hooks(kind);
    const deps = await h.dependents(tx, e);
    if (deps.length && !cascade) {
      const summary = deps.slice(0, 10).map((d) => `${this.registry.label(d.kind)} ${d.name}`).join(', ');
      throw new DependentsExistError(
        `${h.label} ${displayName(e)} still has ${deps.length} dependent object(s): ${summary}${deps.length > 10 ? ', …' : ''}; delete them first or pass ?cascade=true`,
        { dependents: deps.map(({ kind: k, id, name }) => ({ kind: k, id, name })) },
      );
    }
    for (const d of deps) {
      if (d.detach) {
        await d.detach(tx);
        continue;
      }
      const child = await tx.em.findOne(this.registry.hooks(d.kind).entity, { where: { id: d.id } as never });
      if (child) await this.deleteTree(tx, d.kind, child, true); // already gone through a sibling's cascade
    }
    const before = await tx.snapshot(kind, e);
    await h.beforeDelete?.(tx, e);
    await tx.em.delete(h.entity, { id: e.id });
    await tx.track(kind, 'delete', e, before);
  }

  /** Load under the intent lock, apply scoping and If-Match: no change can slip in between. */
  private async loadForWrite(tx: IntentTransaction, h: ResourceHooks, id: string, ifMatch?: string): Promise<IntentRecord> {
    const where = withinScope({ id }, this.scopeOr404(h, tx.principal, 'write'));
    const e = where && (await tx.em.findOne(h.entity, { where: where as never }));
    if (!e) throw this.notFound(h, id);
    if (ifMatch !== undefined && !etagMatches(ifMatch, etagOf(e))) {
      throw new PreconditionFailedError(`${h.label} ${displayName(e)} has changed: If-Match ${ifMatch} but current ETag is ${etagOf(e)}; re-read it and retry`, {
        currentEtag: etagOf(e),
      });
    }
    return e;
  }

  private scopeOr404(h: ResourceHooks, principal: Principal, access: Access): ObjectLiteral {
    const scope = scopeFilter(h.entity, principal, access);
    if (!scope) throw new NotFoundError(`no such resource: ${h.label}s are not visible to this token`);
    return scope;
  }

  private notFound(h: ResourceHooks, id: string): NotFoundError {
    return new NotFoundError(`no ${h.label} with id ${id}`);
  }
}

/** RFC 9110 If-Match: `*` or a list of entity tags (weak tags never match a strong comparison). */
export function etagMatches(header: string, etag: string): boolean {
  const h = header.trim();
  if (h === '*') return true;
  return h.split(',').map((t) => t.trim()).includes(etag);
}
