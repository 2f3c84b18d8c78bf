import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntentHeadEntity, RevisionEntity } from '#persistence';
import type { Principal } from '../auth/principal.js';
import { recordOperation } from '../operations/outbox.js';
import { IntentTransaction } from './intent-transaction.js';
import { ViewRegistry } from './view-registry.js';

export interface WriteResult<T> {
  result: T;
  /** The revision this write created, or the current one when it changed nothing. */
  revision: number;
  changed: boolean;
  /** The operation that carries this revision to the devices (none when nothing changed). */
  operationId?: string;
}

/**
 * Runs an intent change as one PostgreSQL transaction that first locks the intent head row. All
 * writers queue on that lock, so allocations (VNIs, IPs, blocks) are race-free, revisions are
 * gap-free and ordered as committed, and the audit record commits with the change or not at all.
 */
@Injectable()
export class IntentWriter {
  constructor(
    private readonly ds: DataSource,
    private readonly views: ViewRegistry,
  ) {}

  async write<T>(principal: Principal, summary: string, fn: (tx: IntentTransaction) => Promise<T>): Promise<WriteResult<T>> {
    return this.ds.transaction('READ COMMITTED', async (em) => {
      const head = await em
        .createQueryBuilder(IntentHeadEntity, 'h')
        .setLock('pessimistic_write')
        .where('h.id = 1')
        .getOneOrFail();
      const tx = new IntentTransaction(em, principal, head.revision + 1, this.views);
      const result = await fn(tx);
      if (tx.changes.length === 0) return { result, revision: head.revision, changed: false };
      await em.update(IntentHeadEntity, { id: 1 }, { revision: tx.revision });
      await em.insert(RevisionEntity, {
        number: tx.revision,
        actorTokenId: principal.tokenId,
        actorName: principal.name,
        summary,
        tenantId: tx.tenantId,
        changes: tx.changes as never,
      });
      // The outbox row and the operation commit with the revision: a crash before the enqueue loses nothing.
      const operationId = await recordOperation(em, tx.revision, tx.tenantId, tx.changes);
      return { result, revision: tx.revision, changed: true, operationId };
    });
  }
}
