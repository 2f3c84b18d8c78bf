import { Controller, Get, Headers, type OnModuleDestroy, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { EventCursor } from './event-cursor.js';
import type { Principal } from '../auth/principal.js';

const POLL_MS = 250;
const HEARTBEAT_MS = 15_000;
const BATCH = 500;

interface EventRow {
  id: string;
  tenant_id: string | null;
  type: string;
  data: Record<string, unknown>;
}

/**
 * `GET /api/v1/events`: operation and step changes as server-sent events. Each event carries the
 * `id:` of its `operation_events` row, so a client that reconnects with `Last-Event-ID` (or
 * `?lastEventId=`) gets what it missed; without one the stream starts at the present. Each stream
 * reads the event log itself, so it sees the events of every controller process; a tenant token
 * receives only its tenant's operations, and steps without their device (devices are fabric
 * infrastructure). Events never carry diffs.
 */
@ApiTags('Operations')
@ApiBearerAuth()
@Controller('events')
export class EventsController implements OnModuleDestroy {
  private readonly streams = new Set<() => void>();

  constructor(private readonly ds: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Live operation progress (text/event-stream), resumable with Last-Event-ID' })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  async stream(
    @CurrentPrincipal() p: Principal,
    @Headers('last-event-id') lastEventHeader: string | undefined,
    @Query('lastEventId') lastEventQuery: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const resume = lastEventHeader ?? lastEventQuery;
    const start = resume !== undefined && /^\d{1,15}$/.test(resume.trim()) ? Number(resume.trim()) : await this.head();
    const cursor = new EventCursor(start);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: 2000\n: events after ${start}\n\n`);

    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const close = () => {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      clearInterval(heartbeat);
      this.streams.delete(close);
      res.end();
    };
    this.streams.add(close);
    res.on('close', close);

    const poll = async () => {
      try {
        // Every tenant's ids are read (so other tenants' events are not mistaken for gaps); only the caller's are sent.
        const rows: EventRow[] = await this.ds.query('SELECT id, tenant_id, type, data FROM operation_events WHERE id > $1 ORDER BY id LIMIT $2', [cursor.after, BATCH]);
        if (closed) return;
        for (const r of cursor.take(rows)) {
          if (p.tenantId && r.tenant_id !== p.tenantId) continue;
          res.write(`id: ${r.id}\nevent: ${r.type}\ndata: ${JSON.stringify(p.tenantId ? forTenant(r) : r.data)}\n\n`);
        }
      } catch {
        // The database is away for a moment: keep the stream, try again on the next tick.
      }
      if (!closed) timer = setTimeout(poll, POLL_MS);
    };
    await poll();
  }

  /** Open streams end with the application, or the HTTP server would wait for them forever. */
  onModuleDestroy(): void {
    for (const close of [...this.streams]) close();
  }

  private async head(): Promise<number> {
    const [row] = await this.ds.query('SELECT coalesce(max(id), 0)::text AS id FROM operation_events');
    return Number(row.id);
  }
}

/** A step as a tenant token sees it: its state, not which device or why. */
function forTenant(r: EventRow): Record<string, unknown> {
  if (r.type !== 'step') return r.data;
  const { deviceId: _id, device: _name, error: _error, ...rest } = r.data;
  return rest;
}
