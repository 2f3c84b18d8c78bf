import { ConflictError } from '#domain';
import { LogicalSwitchEntity, VpcEntity } from '#persistence';
import type { IntentTransaction } from './intent-transaction.js';

/**
 * A route target decides whose routes a VRF or bridge domain imports. One that another tenant's
 * network uses would leak routes between tenants, so explicit RTs must not be another tenant's.
 * (Interconnections leak on purpose, through logical routers.) The message does not say whose.
 */
export async function assertRouteTargetsOwned(tx: IntentTransaction, fabricId: string, tenantId: string, rts: string[] | undefined, field: string): Promise<void> {
  if (!rts?.length) return;
  const overlap = '(x.import_route_targets && :rts OR x.export_route_targets && :rts)';
  const vpc = await tx.em
    .createQueryBuilder(VpcEntity, 'x')
    .where('x.fabricId = :fabricId AND x.tenantId <> :tenantId', { fabricId, tenantId })
    .andWhere(overlap, { rts })
    .getOne();
  const ls = vpc
    ? null
    : await tx.em
        .createQueryBuilder(LogicalSwitchEntity, 'x')
        .innerJoin(VpcEntity, 'v', 'v.id = x.vpcId')
        .where('v.fabricId = :fabricId AND x.tenantId <> :tenantId', { fabricId, tenantId })
        .andWhere(overlap, { rts })
        .getOne();
  const owner = vpc ?? ls;
  if (!owner) return;
  const taken = rts.find((rt) => owner.importRouteTargets.includes(rt) || owner.exportRouteTargets.includes(rt));
  throw new ConflictError(`route target ${taken} belongs to another tenant's network; interconnect VPCs through their logical routers instead`, field);
}
