import { Injectable } from '@nestjs/common';
import { NotFoundError } from '#domain';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import type { Page } from '../common/pagination.js';
import type { OperationQuery } from './operations.controller.js';

interface OperationRow {
  id: string;
  revision: string;
  tenant_id: string | null;
  state: string;
  note: string | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

interface StepRow {
  fabric_id: string;
  device_id: string;
  device_name: string;
  state: string;
  revision: string;
  diff: string;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const operationView = (o: OperationRow) => ({
  id: o.id,
  revision: Number(o.revision),
  state: o.state,
  note: o.note,
  error: o.error,
  createdAt: iso(o.created_at),
  startedAt: iso(o.started_at),
  finishedAt: iso(o.finished_at),
});

/**
 * Reads of operations, scoped like revisions: a tenant token sees only the operations of its own
 * tenant's revisions (others are 404), and of each step only its state and timings: devices, their
 * diffs and errors are fabric infrastructure, shown to fabric-wide tokens only (as the plan and the
 * devices endpoints do).
 */
@Injectable()
export class OperationsService {
  constructor(private readonly ds: DataSource) {}

  async get(p: Principal, id: string) {
    const [o]: OperationRow[] = await this.ds.query(`SELECT * FROM operations WHERE id = $1 ${p.tenantId ? 'AND tenant_id = $2' : ''}`, p.tenantId ? [id, p.tenantId] : [id]);
    if (!o) throw new NotFoundError(`no operation with id ${id}`);
    const fabrics: { fabric_id: string; state: string }[] = await this.ds.query('SELECT fabric_id, state FROM operation_fabrics WHERE operation_id = $1 ORDER BY fabric_id', [id]);
    const steps: StepRow[] = await this.ds.query('SELECT * FROM operation_steps WHERE operation_id = $1 ORDER BY id', [id]);
    return {
      ...operationView(o),
      fabrics: fabrics.map((f) => ({ fabricId: f.fabric_id, state: f.state })),
      steps: steps.map((s) => ({
        fabricId: s.fabric_id,
        ...(p.tenantId ? {} : { deviceId: s.device_id, device: s.device_name }),
        state: s.state,
        revision: Number(s.revision),
        ...(p.tenantId ? {} : { diff: s.diff, error: s.error }),
        startedAt: iso(s.started_at),
        finishedAt: iso(s.finished_at),
      })),
    };
  }

  async list(p: Principal, q: OperationQuery): Promise<Page<ReturnType<typeof operationView>>> {
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (p.tenantId) add('tenant_id = ?', p.tenantId);
    if (q.revision !== undefined) add('revision = ?', q.revision);
    if (q.state) add('state = ?', q.state);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM operations ${filter}`, params);
    const rows: OperationRow[] = await this.ds.query(`SELECT * FROM operations ${filter} ORDER BY revision DESC LIMIT ${limit} OFFSET ${offset}`, params);
    return { items: rows.map(operationView), total, limit, offset };
  }
}
