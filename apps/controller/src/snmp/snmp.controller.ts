import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '#domain';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { strictValidationPipe, uuidOr404 } from '../common/validation.js';
import { DeviceInterfaceStore } from './device-interface.store.js';
import { asDeviceProblem } from './device-problem.js';
import { SnmpPollService } from './snmp-poll.service.js';
import { PutSnmpSettingsDto } from './snmp-settings.dto.js';
import { SnmpSettingsService } from './snmp-settings.service.js';
import { interfaceView } from './snmp-views.js';

/** Devices are infrastructure: tenant-scoped tokens do not see them. */
const fabricWide = (p: Principal, id: string) => {
  if (p.tenantId) throw new NotFoundError(`no device with id ${id}`);
};

@ApiTags('Devices')
@ApiBearerAuth()
@Controller('devices/:id')
export class SnmpController {
  constructor(
    private readonly settings: SnmpSettingsService,
    private readonly polls: SnmpPollService,
    private readonly interfaces: DeviceInterfaceStore,
  ) {}

  @Get('snmp')
  @ApiOperation({ summary: "The device's SNMP settings (the community is never shown) and how its last poll went" })
  get(@Param('id', uuidOr404('device')) id: string, @CurrentPrincipal() p: Principal) {
    fabricWide(p, id);
    return this.settings.get(id);
  }

  @Put('snmp')
  @ApiOperation({ summary: 'Set how the controller reaches the device over SNMPv2c (port, community, enabled)' })
  put(@Param('id', uuidOr404('device')) id: string, @CurrentPrincipal() p: Principal, @Body(strictValidationPipe(PutSnmpSettingsDto)) dto: PutSnmpSettingsDto) {
    fabricWide(p, id);
    return this.settings.put(id, dto);
  }

  @Delete('snmp')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop polling the device and ignore its traps (stored interfaces stay)' })
  remove(@Param('id', uuidOr404('device')) id: string, @CurrentPrincipal() p: Principal) {
    fabricWide(p, id);
    return this.settings.remove(id);
  }

  @Post('snmp/poll')
  @HttpCode(200)
  @ApiOperation({ summary: "Poll the device's IF-MIB now and store it; a device that fails answers 502/503/504" })
  async poll(@Param('id', uuidOr404('device')) id: string, @CurrentPrincipal() p: Principal) {
    fabricWide(p, id);
    try {
      return await this.polls.pollDevice(id);
    } catch (e) {
      throw asDeviceProblem(e, id);
    }
  }

  @Get('interfaces')
  @ApiOperation({ summary: 'The latest status and counters of the device interfaces, as SNMP polls and traps stored them' })
  async listInterfaces(@Param('id', uuidOr404('device')) id: string, @CurrentPrincipal() p: Principal) {
    fabricWide(p, id);
    await this.settings.device(id);
    return { deviceId: id, items: (await this.interfaces.list(id)).map(interfaceView) };
  }
}
