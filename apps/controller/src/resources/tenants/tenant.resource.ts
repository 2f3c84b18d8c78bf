import { Injectable } from '@nestjs/common';
import { ApiTokenEntity, TenantEntity, VpcEntity } from '#persistence';
import { applyPatch, assertUnique, recordView } from '../../intent/checks.js';
import type { IntentTransaction } from '../../intent/intent-transaction.js';
import type { Dependent, ResourceHooks } from '../../intent/resource-hooks.js';
import type { CreateTenantDto, TenantQuery, UpdateTenantDto } from './tenant.dto.js';

@Injectable()
export class TenantResource implements ResourceHooks<TenantEntity, CreateTenantDto, UpdateTenantDto, TenantQuery> {
  readonly kind = 'tenant';
  readonly label = 'tenant';
  readonly entity = TenantEntity;

  view(t: TenantEntity) {
    return { ...recordView(t), name: t.name, description: t.description };
  }

  where(q: TenantQuery) {
    return q.name ? { name: q.name } : {};
  }

  tenantOf(t: TenantEntity) {
    return t.id;
  }

  async create(tx: IntentTransaction, dto: CreateTenantDto): Promise<TenantEntity> {
    await assertUnique(tx, TenantEntity, { name: dto.name }, 'name', `a tenant named ${dto.name} already exists`);
    return tx.em.save(tx.em.create(TenantEntity, { name: dto.name, description: dto.description ?? '' }));
  }

  async update(tx: IntentTransaction, t: TenantEntity, dto: UpdateTenantDto): Promise<TenantEntity> {
    if (dto.name && dto.name !== t.name) await assertUnique(tx, TenantEntity, { name: dto.name }, 'name', `a tenant named ${dto.name} already exists`, t.id);
    return tx.em.save(applyPatch(t, dto, ['name', 'description']));
  }

  async dependents(tx: IntentTransaction, t: TenantEntity): Promise<Dependent[]> {
    const vpcs = await tx.em.find(VpcEntity, { where: { tenantId: t.id } });
    const tokens = await tx.em.find(ApiTokenEntity, { where: { tenantId: t.id } });
    return [
      ...vpcs.map((v) => ({ kind: 'vpc', id: v.id, name: v.name })),
      // A tenant's tokens die with it: cascading deletes them rather than leaving orphans.
      ...tokens.map((k) => ({ kind: 'token', id: k.id, name: k.name, detach: async (x: IntentTransaction) => void (await x.em.delete(ApiTokenEntity, { id: k.id })) })),
    ];
  }
}
