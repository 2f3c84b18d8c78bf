import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { IntentRecord } from '#persistence';
import { RESOURCE_HOOKS, type ResourceHooks } from './resource-hooks.js';

/** Kind → hooks, checked once at start-up: two hooks for one kind is a programming error. */
@Injectable()
export class ViewRegistry {
  private readonly byKind = new Map<string, ResourceHooks>();

  constructor(@Inject(RESOURCE_HOOKS) hooks: ResourceHooks[]) {
    for (const h of hooks) {
      if (this.byKind.has(h.kind)) throw new Error(`two resource definitions claim kind '${h.kind}'`);
      this.byKind.set(h.kind, h);
    }
  }

  hooks(kind: string): ResourceHooks {
    const h = this.byKind.get(kind);
    if (!h) throw new Error(`unknown resource kind '${kind}'; known: ${[...this.byKind.keys()].join(', ')}`);
    return h;
  }

  /** Operator-facing name of a kind, also for dependents that are not intent kinds (tokens). */
  label(kind: string): string {
    return this.byKind.get(kind)?.label ?? kind;
  }

  async view(kind: string, e: IntentRecord, em: EntityManager): Promise<Record<string, unknown>> {
    return (await this.hooks(kind).view(e, em)) as Record<string, unknown>;
  }
}
