import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { PageQuery } from '../common/pagination.js';
import { strictValidationPipe, uuidOr404 } from '../common/validation.js';
import { OperationsService } from './operations.service.js';

const STATES = ['queued', 'running', 'succeeded', 'failed'] as const;

export class OperationQuery extends PageQuery {
  @ApiProperty({ required: false, description: 'The operation of this revision' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  revision?: number;

  @ApiProperty({ required: false, enum: STATES })
  @IsOptional()
  @IsIn(STATES)
  state?: (typeof STATES)[number];
}

@ApiTags('Operations')
@ApiBearerAuth()
@Controller('operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Get()
  @ApiOperation({ summary: 'Operations, newest revision first: one per intent change, carrying it to the devices' })
  list(@Query(strictValidationPipe(OperationQuery)) q: OperationQuery, @CurrentPrincipal() p: Principal) {
    return this.operations.list(p, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One operation: state, revision, per-device steps with their diffs, errors and timings' })
  get(@Param('id', uuidOr404('operation')) id: string, @CurrentPrincipal() p: Principal) {
    return this.operations.get(p, id);
  }
}
