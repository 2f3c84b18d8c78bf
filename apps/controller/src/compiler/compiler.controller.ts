import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsIn, IsOptional } from 'class-validator';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { strictValidationPipe, uuidOr404 } from '../common/validation.js';
import { CompilerService, type ConfigFormat } from './compiler.service.js';

export class ConfigQuery {
  @ApiProperty({ required: false, enum: ['cli', 'netconf', 'json'], description: "Default: the device's platform syntax" })
  @IsOptional()
  @IsIn(['cli', 'netconf', 'json'])
  format?: ConfigFormat;
}

export class RoutePlanQuery {
  @ApiProperty({ required: false, enum: ['on', 'off'], description: "What-if; default: the VPC's current setting" })
  @IsOptional()
  @IsIn(['on', 'off'])
  suppression?: 'on' | 'off';
}

@ApiTags('Compiled configuration')
@ApiBearerAuth()
@Controller()
export class CompilerController {
  constructor(private readonly compiler: CompilerService) {}

  @Get('devices/:id/config')
  @ApiOperation({ summary: "The device's desired configuration, compiled from intent, in CLI, NETCONF (OpenConfig XML) or JSON" })
  async config(
    @Param('id', uuidOr404('device')) id: string,
    @Query(strictValidationPipe(ConfigQuery)) q: ConfigQuery,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { contentType, body, revision } = await this.compiler.deviceConfig(p, id, q.format);
    res.setHeader('X-Spinel-Revision', String(revision));
    res.type(contentType);
    return body;
  }

  @Get('fabrics/:id/plan')
  @ApiOperation({ summary: 'Pending changes per device: desired configuration against the last one known to run' })
  plan(@Param('id', uuidOr404('fabric')) id: string, @CurrentPrincipal() p: Principal) {
    return this.compiler.plan(p, id);
  }

  @Get('vpcs/:id/route-plan')
  @ApiOperation({ summary: 'Route-suppression what-if: routes per leaf, /32 exceptions and blackholed addresses' })
  routePlan(@Param('id', uuidOr404('VPC')) id: string, @Query(strictValidationPipe(RoutePlanQuery)) q: RoutePlanQuery, @CurrentPrincipal() p: Principal) {
    return this.compiler.routePlan(p, id, q.suppression);
  }
}
