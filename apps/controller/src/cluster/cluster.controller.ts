import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/current-principal.decorator.js';
import { LeaderElection } from './leader-election.service.js';
import { PeriodicScheduler } from './periodic.scheduler.js';

@ApiTags('Cluster')
@ApiBearerAuth()
@Controller('cluster')
export class ClusterController {
  constructor(
    private readonly election: LeaderElection,
    private readonly scheduler: PeriodicScheduler,
  ) {}

  @Get()
  @RequireRole('operator')
  @ApiOperation({ summary: "This controller process, the elected leader that runs the periodic schedule, and the lease's expiry" })
  async get() {
    return { ...(await this.election.view()), schedules: this.scheduler.view() };
  }
}
