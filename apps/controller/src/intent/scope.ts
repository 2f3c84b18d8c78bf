import type { ObjectLiteral } from 'typeorm';
import {
  ExternalGatewayEntity,
  FabricEntity,
  LogicalPortEntity,
  LogicalRouterEntity,
  LogicalSwitchEntity,
  SecurityPolicyEntity,
  TenantEntity,
  VpcEntity,
} from '#persistence';
import type { Principal } from '../auth/principal.js';

/** Objects that belong to one tenant and carry its id. */
const TENANT_OWNED = new Set<unknown>([VpcEntity, LogicalSwitchEntity, LogicalRouterEntity, LogicalPortEntity, SecurityPolicyEntity, ExternalGatewayEntity]);
/** Infrastructure a tenant may read (to place a VPC) but not change. */
const TENANT_READABLE = new Set<unknown>([FabricEntity]);

export type Access = 'read' | 'write' | 'reference';

/**
 * The extra WHERE a principal's visibility adds for an entity class, or `null` when the objects are
 * invisible to it. Tenant tokens reference infrastructure (a port bound to a container node) without
 * seeing it, and never learn whether another tenant's object exists.
 */
export function scopeFilter(cls: unknown, principal: Principal, access: Access): ObjectLiteral | null {
  const tenantId = principal.tenantId;
  if (!tenantId) return {};
  if (cls === TenantEntity) return access === 'write' ? null : { id: tenantId };
  if (TENANT_OWNED.has(cls)) return { tenantId };
  if (access === 'reference') return {};
  if (access === 'read' && TENANT_READABLE.has(cls)) return {};
  return null;
}

/**
 * AND a visibility scope with a lookup's own conditions. Spreading one object over the other lets
 * the later key win (`{ ...{ id: mine }, id: theirs }` reads theirs), so a condition on a scoped key
 * that differs from the scope matches nothing: `null`.
 */
export function withinScope(where: ObjectLiteral, scope: ObjectLiteral): ObjectLiteral | null {
  for (const [key, value] of Object.entries(scope)) {
    if (key in where && where[key] !== value) return null;
  }
  return { ...where, ...scope };
}
