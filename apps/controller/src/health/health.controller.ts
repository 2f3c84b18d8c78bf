import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { hasPendingMigrations, IntentHeadEntity } from '#persistence';
import { DataSource } from 'typeorm';
import { Public } from '../auth/current-principal.decorator.js';
import { ProblemException } from '../common/problem.js';

@ApiTags('Health')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly ds: DataSource) {}

  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return { status: 'ok' };
  }

  @Get('readyz')
  @HttpCode(200)
  @ApiOperation({ summary: 'Readiness: database reachable and every migration applied' })
  async ready() {
    let pending: boolean;
    try {
      await this.ds.query('SELECT 1');
      pending = await hasPendingMigrations(this.ds);
    } catch (e) {
      throw new ProblemException(503, 'NOT_READY', `database unreachable: ${(e as Error).message}`);
    }
    if (pending) throw new ProblemException(503, 'NOT_READY', 'database migrations are pending');
    const head = await this.ds.manager.findOneByOrFail(IntentHeadEntity, { id: 1 });
    return { status: 'ready', database: 'ok', migrations: 'applied', revision: head.revision };
  }
}
