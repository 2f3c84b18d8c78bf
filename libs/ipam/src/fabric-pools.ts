import { ConflictError, Vni } from '#domain';
import { type FabricEntity, VniAllocationEntity } from '#persistence';
import type { EntityManager } from 'typeorm';
import { allocateInteger } from './allocate-integer.js';

/**
 * VNIs are unique per fabric across L3 (VPC) and L2 (logical switch) use. Callers run inside the
 * intent write lock; the vni_allocations primary key is the backstop if one ever does not.
 */
export async function pickVni(em: EntityManager, fabric: FabricEntity, requested: number | undefined, field: string): Promise<number> {
  if (requested !== undefined) {
    const vni = Vni.parse(requested, field);
    const owner = await em.findOneBy(VniAllocationEntity, { fabricId: fabric.id, vni });
    if (owner) {
      // The owner may be another tenant's: say that the VNI is taken, not by whom.
      throw new ConflictError(`VNI ${vni} is already in use in fabric ${fabric.name}`, field);
    }
    return vni;
  }
  const used = await em.find(VniAllocationEntity, { where: { fabricId: fabric.id }, select: { vni: true } });
  return allocateInteger(
    used.map((u) => u.vni),
    fabric.vniMin,
    fabric.vniMax,
    `VNI in fabric ${fabric.name}'s pool ${fabric.vniMin}..${fabric.vniMax}`,
    field,
  );
}

export async function reserveVni(em: EntityManager, fabricId: string, vni: number, ownerKind: VniAllocationEntity['ownerKind'], ownerId: string): Promise<void> {
  await em.insert(VniAllocationEntity, { fabricId, vni, ownerKind, ownerId });
}

export async function releaseVni(em: EntityManager, fabricId: string, vni: number): Promise<void> {
  await em.delete(VniAllocationEntity, { fabricId, vni });
}

/** Move an owner from one VNI to another (an update that changes it). */
export async function moveVni(em: EntityManager, fabric: FabricEntity, from: number, to: number, field: string, ownerKind: VniAllocationEntity['ownerKind'], ownerId: string): Promise<void> {
  if (from === to) return;
  await pickVni(em, fabric, to, field);
  await releaseVni(em, fabric.id, from);
  await reserveVni(em, fabric.id, to, ownerKind, ownerId);
}

