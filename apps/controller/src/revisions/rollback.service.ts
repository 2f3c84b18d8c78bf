import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, InvalidValueError, NotFoundError } from '#domain';
import { releaseVni, reserveVni } from '#ipam';
import {
  type ContainerNodeEntity,
  type DeviceEntity,
  IntentHeadEntity,
  type IntentRecord,
  IpBlockEntity,
  LogicalSwitchEntity,
  RevisionEntity,
  VniAllocationEntity,
  VpcEntity,
} from '#persistence';
import { DataSource, MoreThan, QueryFailedError } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { ProblemException } from '../common/problem.js';
import { IntentWriter } from '../intent/intent-writer.js';
import { RESOURCE_HOOKS, type ResourceHooks } from '../intent/resource-hooks.js';
import type { IntentTransaction } from '../intent/intent-transaction.js';
import { ViewRegistry } from '../intent/view-registry.js';
import { type HistoryEntry, type Image, ROLLBACK_ORDER, type RollbackSummary, rowFromImage, sameState, stateAfter, summarize } from './rollback-plan.js';

export interface RollbackResult extends RollbackSummary {
  target: number;
  dryRun: boolean;
  /** False when the intent already is as it was after the target revision (nothing written). */
  changed: boolean;
  /** The revision the rollback created; the current head when it changed nothing or ran dry. */
  revision: number;
  /** The operation that pushes the rollback to the devices, when it wrote a revision. */
  operationId?: string;
}

/** One object to restore: its history entry, the row now (null: absent) and its image now. */
interface Step extends HistoryEntry {
  current: IntentRecord | null;
  before: Image | null;
  /** Deleted and inserted again instead of updated: leaves of the foreign keys whose references change. */
  reinsert: boolean;
}

/** Thrown at the end of a dry run: the write lock's transaction rolls back, the plan comes out. */
class DryRun extends Error {
  constructor(readonly summary: RollbackSummary) {
    super('dry run');
  }
}

const rank = (kind: string) => ROLLBACK_ORDER.indexOf(kind as (typeof ROLLBACK_ORDER)[number]);

/**
 * Restores the intent as it was right after revision N, as one new revision written through the
 * IntentWriter like any other change. The state at N comes from the audit trail itself: the
 * before-image of each object's first change after N. See docs/revisions.md.
 */
@Injectable()
export class RollbackService {
  constructor(
    private readonly ds: DataSource,
    private readonly writer: IntentWriter,
    private readonly registry: ViewRegistry,
    @Inject(RESOURCE_HOOKS) hooks: ResourceHooks[],
  ) {
    // A kind rollback does not know would be silently left as it is: refuse to start instead.
    const known = new Set<string>(ROLLBACK_ORDER);
    const unordered = hooks.map((h) => h.kind).filter((k) => !known.has(k));
    if (unordered.length) throw new Error(`rollback has no dependency order for intent kind(s) ${unordered.join(', ')}; add them to ROLLBACK_ORDER`);
  }

  async rollback(principal: Principal, target: number, dryRun: boolean): Promise<RollbackResult> {
    if (principal.tenantId) {
      throw new ProblemException(403, 'FORBIDDEN', 'rollback restores the whole intent of the fabric; tenant-scoped tokens cannot roll back, ask an operator');
    }
    if (!(await this.ds.manager.existsBy(RevisionEntity, { number: target }))) throw new NotFoundError(`no revision ${target}`);
    try {
      const { result, revision, changed, operationId } = await this.writer.write(principal, `rollback to revision ${target}`, async (tx) => {
        const summary = await this.apply(tx, target);
        if (dryRun) throw new DryRun(summary);
        return summary;
      });
      return { target, dryRun, changed, revision, ...(operationId ? { operationId } : {}), ...result };
    } catch (e) {
      if (e instanceof DryRun) {
        const { revision } = await this.ds.manager.findOneByOrFail(IntentHeadEntity, { id: 1 });
        return { target, dryRun, changed: Object.values(e.summary).some((b) => Object.keys(b).length > 0), revision, ...e.summary };
      }
      if (e instanceof QueryFailedError) {
        const detail = (e as QueryFailedError & { detail?: string }).detail ?? e.message;
        throw new ConflictError(`rollback to revision ${target} collides with the current intent: ${detail}`);
      }
      throw e;
    }
  }

  private async apply(tx: IntentTransaction, target: number): Promise<RollbackSummary> {
    // Read under the intent lock: no write can slip in between the plan and its application.
    const later = await tx.em.find(RevisionEntity, { where: { number: MoreThan(target) }, order: { number: 'ASC' } });
    const known = new Set<string>(ROLLBACK_ORDER);
    const history = stateAfter(later.flatMap((r) => r.changes)).filter((h) => known.has(h.kind)); // API tokens are not intent
    const steps: Step[] = [];
    for (const h of history) {
      const current = await tx.em.findOne(this.registry.hooks(h.kind).entity, { where: { id: h.id } });
      const before = current ? await tx.snapshot(h.kind, current) : null;
      if (!sameState(before, h.target)) steps.push({ ...h, current, before, reinsert: reinserted(h, current) });
    }
    steps.sort((a, b) => rank(a.kind) - rank(b.kind));
    const rows = new Map(steps.map((s) => [s, s.target && this.row(s)]));
    const planned = new Set(steps.map((s) => s.id));

    // 1. Let go of what the restored state re-decides: VNI reservations, node blocks, ports (leaves of the foreign keys).
    for (const s of [...steps].reverse()) await this.releaseHoldings(tx, s);
    // 2. Objects created after N go, children first, through their kind's own release hook.
    for (const s of [...steps].reverse()) {
      if (s.target || !s.current || s.kind === 'logical-port') continue;
      await this.assertNoOutsideDependents(tx, s, planned, target);
      await this.registry.hooks(s.kind).beforeDelete?.(tx, s.current);
      await tx.em.delete(this.registry.hooks(s.kind).entity, { id: s.id });
    }
    // 3. Objects of N come back or get their fields of N back, parents first; ports last.
    for (const s of steps) if (s.target && s.kind !== 'logical-port') await this.restore(tx, s, rows.get(s) as Record<string, unknown>);
    for (const s of steps) if (s.target && s.kind === 'container-node') await this.restoreBlocks(tx, s);
    for (const s of steps) if (s.target && s.kind === 'logical-port') await this.restore(tx, s, rows.get(s) as Record<string, unknown>);
    // 4. Allocations end consistent with the restored objects: every VNI of N is reserved again.
    for (const s of steps) if (s.target && (s.kind === 'vpc' || s.kind === 'logical-switch')) await this.reserve(tx, s);

    for (const s of steps) {
      const op = !s.target ? 'delete' : s.current ? 'update' : 'create';
      const now = op === 'delete' ? s.current : await tx.em.findOneByOrFail(this.registry.hooks(s.kind).entity, { id: s.id });
      const after = await tx.track(s.kind, op, now as IntentRecord, s.before);
      if (s.target && !sameState(withoutCreated(after), withoutCreated(s.target))) {
        throw new InvalidValueError(`the revision history cannot reconstruct ${this.registry.label(s.kind)} ${s.id}: restoring it gave ${JSON.stringify(after)} instead of ${JSON.stringify(s.target)}`);
      }
    }
    return summarize(tx.changes);
  }

  private row(s: Step): Record<string, unknown> {
    const h = this.registry.hooks(s.kind);
    const row = rowFromImage(s.kind, h.label, this.ds.getMetadata(h.entity).columns.map((c) => c.propertyName), s.target as Image);
    if (s.kind === 'device') {
      // Images never carry secrets, and credentials are not intent to roll back: a device keeps its current
      // sealed password (a rotated password stays rotated); one deleted since with a password cannot come back.
      const sealed = (s.current as DeviceEntity | null)?.passwordSealed ?? null;
      if ((s.target as Image).hasPassword && sealed === null) {
        throw new InvalidValueError(
          `the revision history cannot reconstruct device ${String((s.target as Image).name)} (${s.id}): revisions never record passwords; re-create it with its password instead`,
          undefined,
          { kind: 'device', id: s.id },
        );
      }
      row.passwordSealed = sealed;
    }
    return row;
  }

  private async releaseHoldings(tx: IntentTransaction, s: Step): Promise<void> {
    if (!s.current) return;
    if (s.kind === 'vpc') await releaseVni(tx.em, (s.current as VpcEntity).fabricId, (s.current as VpcEntity).l3Vni);
    if (s.kind === 'logical-switch') {
      const vpc = await tx.em.findOneByOrFail(VpcEntity, { id: (s.current as LogicalSwitchEntity).vpcId });
      await releaseVni(tx.em, vpc.fabricId, (s.current as LogicalSwitchEntity).l2Vni);
    }
    if (s.kind === 'container-node') await tx.em.delete(IpBlockEntity, { containerNodeId: s.id });
    if (s.reinsert || (s.kind === 'logical-port' && !s.target)) await tx.em.delete(this.registry.hooks(s.kind).entity, { id: s.id });
  }

  /** What still hangs on an object to delete must itself be restored by this rollback (API tokens are not). */
  private async assertNoOutsideDependents(tx: IntentTransaction, s: Step, planned: Set<string>, target: number): Promise<void> {
    const outside = (await this.registry.hooks(s.kind).dependents(tx, s.current as IntentRecord)).filter((d) => !planned.has(d.id));
    if (!outside.length) return;
    const names = outside.map((d) => `${this.registry.label(d.kind)} ${d.name}`).join(', ');
    throw new ConflictError(
      `rollback to revision ${target} would delete ${this.registry.label(s.kind)} ${String((s.before as Image).name ?? s.id)}, created since, but ${names} still depend(s) on it and are not part of the intent history; remove them first`,
      undefined,
      { conflictingId: s.id, dependents: outside.map(({ kind, id, name }) => ({ kind, id, name })) },
    );
  }

  private async restore(tx: IntentTransaction, s: Step, row: Record<string, unknown>): Promise<void> {
    const entity = this.registry.hooks(s.kind).entity;
    if (s.current && !s.reinsert) {
      // Saving bumps the version and the update time, so ETags read before the rollback stop matching.
      await tx.em.save(Object.assign(s.current, row));
      return;
    }
    const version = (s.current?.version ?? s.maxVersion) + 1;
    const createdAt = new Date(String((s.target as Image).createdAt));
    await tx.em.insert(entity, { ...row, id: s.id, createdAt, updatedAt: new Date(), version } as never);
  }

  /** A node's blocks are part of its image: they become exactly those of N. */
  private async restoreBlocks(tx: IntentTransaction, s: Step): Promise<void> {
    const blocks = ((s.target as Image).ipBlocks ?? []) as { logicalSwitchId: string; cidr: string }[];
    for (const b of blocks) {
      const ls = await tx.em.findOneByOrFail(LogicalSwitchEntity, { id: b.logicalSwitchId });
      await tx.em.insert(IpBlockEntity, { containerNodeId: s.id, logicalSwitchId: ls.id, vpcId: ls.vpcId, cidr: b.cidr });
    }
  }

  private async reserve(tx: IntentTransaction, s: Step): Promise<void> {
    const isVpc = s.kind === 'vpc';
    const vni = Number((s.target as Image)[isVpc ? 'l3Vni' : 'l2Vni']);
    const fabricId = isVpc ? String((s.target as Image).fabricId) : (await tx.em.findOneByOrFail(VpcEntity, { id: String((s.target as Image).vpcId) })).fabricId;
    const holder = await tx.em.findOneBy(VniAllocationEntity, { fabricId, vni });
    if (holder) {
      throw new ConflictError(
        `rollback needs VNI ${vni} for ${this.registry.label(s.kind)} ${String((s.target as Image).name)}, but it is held by ${this.registry.label(holder.ownerKind)} ${holder.ownerId}`,
        isVpc ? 'l3Vni' : 'l2Vni',
        { conflictingId: holder.ownerId },
      );
    }
    await reserveVni(tx.em, fabricId, vni, isVpc ? 'vpc' : 'logical-switch', s.id);
  }
}

/**
 * Ports are leaves: every port to restore is removed first and inserted as it was, so no port holds
 * a device, node or address another restored object needs meanwhile. A container node that moved to
 * another leaf since N is re-inserted the same way (no port can be bound to it: a node moves only
 * without bound ports, so every port bound to it now was touched since and is re-inserted too).
 */
function reinserted(h: HistoryEntry, current: IntentRecord | null): boolean {
  if (!current || !h.target) return false;
  if (h.kind === 'logical-port') return true;
  return h.kind === 'container-node' && (current as ContainerNodeEntity).leafDeviceId !== h.target.leafDeviceId;
}

const withoutCreated = (img: Image | null): Image | null => img && { ...img, createdAt: img.createdAt && new Date(String(img.createdAt)).toISOString() };
