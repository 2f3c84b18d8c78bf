import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { NotFoundError } from '#domain';
import { CurrentPrincipal, RequireRole } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { strictValidationPipe, uuidOr404 } from '../common/validation.js';
import { HostKeyService } from './host-key.service.js';

export class AcceptHostKeyDto {
  @ApiProperty({ example: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8', description: 'The pending fingerprint, as read from the device' })
  @IsString()
  @MaxLength(80)
  fingerprint: string;
}

/** Devices are infrastructure: tenant-scoped tokens do not see their keys. */
const fabricWide = (p: Principal, id: string) => {
  if (p.tenantId) throw new NotFoundError(`no device with id ${id}`);
};

@ApiTags('Devices')
@ApiBearerAuth()
@Controller('devices/:id/host-key')
export class HostKeyController {
  constructor(private readonly keys: HostKeyService) {}

  @Get()
  @ApiOperation({ summary: 'The pinned SSH host key of a device, and a different one it presented since' })
  get(@Param('id', uuidOr404('device')) id: string, @CurrentPrincipal() p: Principal) {
    fabricWide(p, id);
    return this.keys.get(id);
  }

  @Post('accept')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ summary: 'Accept the pending host key (after checking it out of band)' })
  accept(@Param('id', uuidOr404('device')) id: string, @Body(strictValidationPipe(AcceptHostKeyDto)) dto: AcceptHostKeyDto) {
    return this.keys.accept(id, dto.fingerprint);
  }

  @Delete()
  @HttpCode(204)
  @RequireRole('admin')
  @ApiOperation({ summary: 'Forget the pinned key; the next connection pins what the device presents' })
  reset(@Param('id', uuidOr404('device')) id: string) {
    return this.keys.reset(id);
  }
}
