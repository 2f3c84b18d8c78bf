import { Cidr, ConflictError } from '#domain';
import { LogicalRouterEntity, VpcEntity } from '#persistence';
import type { EntityManager } from 'typeorm';

/** Routers that leak routes with this one, whichever side declared the interconnection. */
export async function interconnectedRouters(em: EntityManager, router: LogicalRouterEntity): Promise<LogicalRouterEntity[]> {
  const declaredHere = router.interconnections.map((i) => i.peerRouterId);
  const declaredThere = await em
    .createQueryBuilder(LogicalRouterEntity, 'r')
    .where('r.interconnections @> :probe::jsonb', { probe: JSON.stringify([{ peerRouterId: router.id }]) })
    .getMany();
  const peers = declaredHere.length ? await em.createQueryBuilder(LogicalRouterEntity, 'r').where('r.id IN (:...ids)', { ids: declaredHere }).getMany() : [];
  const byId = new Map([...peers, ...declaredThere].filter((r) => r.id !== router.id).map((r) => [r.id, r]));
  return [...byId.values()];
}

/** VPCs whose routes this VPC's VRF imports (and exports to). */
export async function interconnectedVpcs(em: EntityManager, vpcId: string): Promise<VpcEntity[]> {
  const router = await em.findOneBy(LogicalRouterEntity, { vpcId });
  if (!router) return [];
  const peers = await interconnectedRouters(em, router);
  if (!peers.length) return [];
  return em.createQueryBuilder(VpcEntity, 'v').where('v.id IN (:...ids)', { ids: peers.map((p) => p.vpcId) }).getMany();
}

/** Leaked routes must be unambiguous: two interconnected VPCs may not share address space. */
export function assertNoOverlapWith(cidrs: string[], other: VpcEntity, field: string): void {
  for (const [i, raw] of cidrs.entries()) {
    const mine = Cidr.parse(raw);
    for (const theirs of other.cidrs) {
      if (mine.overlaps(Cidr.parse(theirs))) {
        throw new ConflictError(`${raw} overlaps ${theirs} of interconnected VPC ${other.name}; interconnected VPCs need disjoint CIDRs`, `${field}[${i}]`, {
          conflictingId: other.id,
        });
      }
    }
  }
}
