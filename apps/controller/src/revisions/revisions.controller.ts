import { Controller, Get, HttpCode, Injectable, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '#domain';
import { IntentHeadEntity, RevisionEntity } from '#persistence';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { EnumField, UuidField } from '../common/fields.js';
import { type Page, PageQuery } from '../common/pagination.js';
import { ProblemException } from '../common/problem.js';
import { strictValidationPipe } from '../common/validation.js';
import { setOperationHeaders } from '../operations/operation-headers.js';
import { RollbackService } from './rollback.service.js';

const KINDS = ['fabric', 'device', 'link', 'tenant', 'vpc', 'logical-switch', 'logical-router', 'logical-port', 'security-policy', 'container-node', 'external-gateway'] as const;

export class RevisionQuery extends PageQuery {
  @EnumField(KINDS, { optional: true, description: 'Revisions that touched an object of this kind' })
  kind?: (typeof KINDS)[number];

  @UuidField({ optional: true, description: 'Revisions that touched this object' })
  objectId?: string;
}

const revisionView = (r: RevisionEntity) => ({
  number: r.number,
  createdAt: r.createdAt.toISOString(),
  actor: { tokenId: r.actorTokenId, name: r.actorName },
  summary: r.summary,
  tenantId: r.tenantId,
  changes: r.changes,
});

@Injectable()
export class RevisionsService {
  constructor(private readonly ds: DataSource) {}

  async list(p: Principal, q: RevisionQuery): Promise<Page<ReturnType<typeof revisionView>> & { head: number }> {
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const qb = this.ds.manager.createQueryBuilder(RevisionEntity, 'r').orderBy('r.number', 'DESC').take(limit).skip(offset);
    if (p.tenantId) qb.andWhere('r.tenantId = :tenantId', { tenantId: p.tenantId });
    if (q.kind) qb.andWhere('r.changes @> :k::jsonb', { k: JSON.stringify([{ kind: q.kind }]) });
    if (q.objectId) qb.andWhere('r.changes @> :o::jsonb', { o: JSON.stringify([{ id: q.objectId }]) });
    const [items, total] = await qb.getManyAndCount();
    return { items: items.map(revisionView), total, limit, offset, head: await this.head(p) };
  }

  /** The newest revision the caller may see: tenant tokens do not learn how busy other tenants are. */
  private async head(p: Principal): Promise<number> {
    if (!p.tenantId) return (await this.ds.manager.findOneByOrFail(IntentHeadEntity, { id: 1 })).revision;
    const [row] = await this.ds.query('SELECT coalesce(max(number), 0) AS head FROM revisions WHERE tenant_id = $1', [p.tenantId]);
    return Number(row.head);
  }

  async get(p: Principal, number: number) {
    const r = await this.ds.manager.findOneBy(RevisionEntity, { number, ...(p.tenantId ? { tenantId: p.tenantId } : {}) });
    if (!r) throw new NotFoundError(`no revision ${number}`);
    return revisionView(r);
  }
}

@ApiTags('Revisions')
@ApiBearerAuth()
@Controller('revisions')
export class RevisionsController {
  constructor(
    private readonly revisions: RevisionsService,
    private readonly rollbacks: RollbackService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The audit trail: every intent change, newest first, with before/after of each object' })
  list(@Query(strictValidationPipe(RevisionQuery)) q: RevisionQuery, @CurrentPrincipal() p: Principal) {
    return this.revisions.list(p, q);
  }

  @Get(':number')
  get(@Param('number', ParseIntPipe) n: number, @CurrentPrincipal() p: Principal) {
    return this.revisions.get(p, n);
  }

  @Post(':number/rollback')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore the intent as it was right after this revision, as one new revision; ?dryRun=true only reports what would change' })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  async rollback(
    @Param('number', ParseIntPipe) n: number,
    @Query('dryRun') dryRun: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (dryRun !== undefined && !['true', 'false', ''].includes(dryRun)) {
      throw new ProblemException(400, 'VALIDATION_FAILED', `dryRun must be true or false, not ${dryRun}`, [{ field: 'dryRun', message: 'must be true or false' }]);
    }
    const result = await this.rollbacks.rollback(p, n, dryRun === 'true' || dryRun === '');
    if (result.changed && !result.dryRun) {
      res.setHeader('X-Spinel-Revision', String(result.revision));
      setOperationHeaders(res, result.operationId);
    }
    return result;
  }
}
