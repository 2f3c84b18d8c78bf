import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { NotFoundError } from '#domain';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { uuidOr404 } from '../common/validation.js';
import { setOperationHeaders } from '../operations/operation-headers.js';
import { asDeviceProblem } from '../snmp/device-problem.js';
import { AcceptDriftService } from './accept-drift.service.js';
import type { DriftRecord } from './drift.store.js';
import { DriftService } from './drift.service.js';

/** Devices are infrastructure: tenant-scoped tokens do not see them. */
const fabricWide = (p: Principal, what: string, id: string) => {
  if (p.tenantId) throw new NotFoundError(`no ${what} with id ${id}`);
};

const view = (r: DriftRecord | null) => r && { ...r, checkedAt: r.checkedAt.toISOString() };

@ApiTags('Drift')
@ApiBearerAuth()
@Controller()
export class DriftController {
  constructor(
    private readonly drift: DriftService,
    private readonly accepts: AcceptDriftService,
  ) {}

  @Post('devices/:id/drift-check')
  @HttpCode(200)
  @ApiOperation({ summary: "Read the device's running configuration now and compare it with its desired and last known configuration" })
  async check(@Param('id', uuidOr404('device')) id: string, @CurrentPrincipal() p: Principal) {
    fabricWide(p, 'device', id);
    try {
      return view(await this.drift.check(id));
    } catch (e) {
      throw asDeviceProblem(e, id);
    }
  }

  @Get('devices/:id/drift')
  @ApiOperation({ summary: 'The last drift check of the device (null when never checked)' })
  async last(@Param('id', uuidOr404('device')) id: string, @CurrentPrincipal() p: Principal) {
    fabricWide(p, 'device', id);
    return { deviceId: id, drift: view(await this.drift.last(id)) };
  }

  @Get('fabrics/:id/drift')
  @ApiOperation({ summary: 'The last drift check of every device of the fabric' })
  async fabric(@Param('id', uuidOr404('fabric')) id: string, @CurrentPrincipal() p: Principal) {
    fabricWide(p, 'fabric', id);
    const devices = await this.drift.forFabric(id);
    return { fabricId: id, devices: devices.map((d) => ({ ...d, drift: view(d.drift) })) };
  }

  @Post('devices/:id/sync')
  @HttpCode(202)
  @ApiOperation({ summary: 'Remediate: record what runs on the device and reconcile its fabric, pushing the desired configuration back' })
  async sync(@Param('id', uuidOr404('device')) id: string, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) res: Response) {
    fabricWide(p, 'device', id);
    try {
      const { drift, operationId, revision } = await this.drift.sync(p, id);
      res.setHeader('X-Spinel-Revision', String(revision));
      setOperationHeaders(res, operationId ?? undefined);
      return { deviceId: id, operationId, revision, drift: view(drift) };
    } catch (e) {
      throw asDeviceProblem(e, id);
    }
  }

  @Post('devices/:id/accept-drift')
  @HttpCode(200)
  @ApiOperation({ summary: "Take the device's version into intent where it maps (a revision); 422 lists the differences that do not map" })
  async accept(@Param('id', uuidOr404('device')) id: string, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) res: Response) {
    fabricWide(p, 'device', id);
    try {
      const result = await this.accepts.accept(p, id);
      if (result.revision !== null) res.setHeader('X-Spinel-Revision', String(result.revision));
      setOperationHeaders(res, result.operationId ?? undefined);
      return result;
    } catch (e) {
      throw asDeviceProblem(e, id);
    }
  }
}
