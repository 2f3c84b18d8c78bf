import { Injectable } from '@nestjs/common';
import { ConflictError, InvalidValueError, NotFoundError } from '#domain';
import { ApiTokenEntity, TenantEntity } from '#persistence';
import { DataSource, IsNull, MoreThan, Not } from 'typeorm';
import { TokenService } from '../auth/token.service.js';
import type { Page } from '../common/pagination.js';
import type { CreateTokenDto, TokenQuery } from './token.dto.js';

export const tokenView = (t: ApiTokenEntity) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  tenantId: t.tenantId,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

/** Token management for admins; the secret is returned once, at creation. */
@Injectable()
export class TokensService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
  ) {}

  async create(dto: CreateTokenDto) {
    if (dto.tenantId) {
      if (dto.role === 'admin') throw new InvalidValueError('a tenant-scoped token can be operator or viewer, not admin', 'role');
      if (!(await this.ds.manager.existsBy(TenantEntity, { id: dto.tenantId }))) throw new NotFoundError(`tenantId: no tenant with id ${dto.tenantId}`, 'tenantId');
    }
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw new InvalidValueError('expiresAt is in the past', 'expiresAt');
    const { token, secret } = await this.tokens.issue({ name: dto.name, role: dto.role, tenantId: dto.tenantId ?? null, expiresAt });
    return { ...tokenView(token), token: secret };
  }

  async list(q: TokenQuery): Promise<Page<ReturnType<typeof tokenView>>> {
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const [items, total] = await this.ds.manager.findAndCount(ApiTokenEntity, {
      where: q.tenantId ? { tenantId: q.tenantId } : {},
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items: items.map(tokenView), total, limit, offset };
  }

  async get(id: string) {
    const t = await this.ds.manager.findOneBy(ApiTokenEntity, { id });
    if (!t) throw new NotFoundError(`no token with id ${id}`);
    return tokenView(t);
  }

  /** Revoke, keeping the record; the last working admin token cannot go (nobody could get back in). */
  async revoke(id: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      const t = await em.findOne(ApiTokenEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!t) throw new NotFoundError(`no token with id ${id}`);
      if (t.revokedAt) return;
      if (t.role === 'admin') {
        // An expired admin token is no way back in either: only unrevoked, unexpired ones count.
        const working = { role: 'admin' as const, revokedAt: IsNull(), id: Not(id) };
        const others = await em.countBy(ApiTokenEntity, [
          { ...working, expiresAt: IsNull() },
          { ...working, expiresAt: MoreThan(new Date()) },
        ]);
        if (others === 0) throw new ConflictError('this is the last active admin token; create another admin token before revoking it');
      }
      t.revokedAt = new Date();
      await em.save(t);
    });
  }
}
