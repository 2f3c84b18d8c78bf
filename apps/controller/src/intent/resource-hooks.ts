import type { Type } from '@nestjs/common';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { IntentRecord } from '#persistence';
import type { PageQuery } from '../common/pagination.js';
import type { IntentTransaction } from './intent-transaction.js';

/** Something that must go (or let go) before an object can be deleted. */
export interface Dependent {
  kind: string;
  id: string;
  name: string;
  /** Present when cascading only removes a reference (a router interface) instead of the object. */
  detach?: (tx: IntentTransaction) => Promise<void>;
}

/**
 * What one kind of intent object knows about itself: how to validate and build it, how to show it,
 * what depends on it. The generic resource service does the rest (locking, scoping, ETags, audit).
 */
export interface ResourceHooks<E extends IntentRecord = IntentRecord, C = unknown, U = unknown, Q extends PageQuery = PageQuery> {
  readonly kind: string;
  /** Operator-facing name used in messages: 'VPC', 'logical switch'. */
  readonly label: string;
  readonly entity: Type<E>;
  view(e: E, em: EntityManager): Promise<object> | object;
  /** Batch form for lists; defaults to `view` per item. */
  views?(items: E[], em: EntityManager): Promise<object[]>;
  /** List filter from the query; an array means OR. */
  where(query: Q): ObjectLiteral | ObjectLiteral[];
  create(tx: IntentTransaction, dto: C): Promise<E>;
  update(tx: IntentTransaction, current: E, dto: U): Promise<E>;
  dependents(tx: IntentTransaction, e: E): Promise<Dependent[]>;
  /** Release what the object holds outside its own row (VNI reservations, IP blocks). */
  beforeDelete?(tx: IntentTransaction, e: E): Promise<void>;
  tenantOf(e: E): string | null;
}

export const RESOURCE_HOOKS = Symbol('RESOURCE_HOOKS');

export function displayName(e: IntentRecord): string {
  return (e as unknown as { name?: string }).name ?? e.id;
}

/**
 * The common part of kinds that live inside a VPC and are listed per VPC (routers, policies,
 * gateways): their tenant is the VPC's, and `?vpcId=` is their filter.
 */
export abstract class VpcScopedResource<E extends IntentRecord & { tenantId: string }, C, U> implements Partial<ResourceHooks<E, C, U>> {
  where(q: PageQuery & { vpcId?: string }): ObjectLiteral {
    return q.vpcId === undefined ? {} : { vpcId: q.vpcId };
  }

  tenantOf(e: E): string {
    return e.tenantId;
  }
}
