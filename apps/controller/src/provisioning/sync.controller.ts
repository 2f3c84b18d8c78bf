import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '#domain';
import { DeviceEntity } from '#persistence';
import { DataSource } from 'typeorm';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { uuidOr404 } from '../common/validation.js';
import { TransactionStore } from './transaction.store.js';

@ApiTags('Provisioning')
@ApiBearerAuth()
@Controller()
export class DeviceSyncController {
  constructor(
    private readonly ds: DataSource,
    private readonly txs: TransactionStore,
  ) {}

  @Get('devices/:id/sync')
  @ApiOperation({ summary: "The device's sync state: in-sync, pending or failed (with the reason), its revision and last commit" })
  async sync(@Param('id', uuidOr404('device')) id: string, @CurrentPrincipal() p: Principal) {
    if (p.tenantId) throw new NotFoundError(`no device with id ${id}`);
    const device = await this.ds.manager.findOneBy(DeviceEntity, { id });
    if (!device) throw new NotFoundError(`no device with id ${id}`);
    const s = await this.txs.sync(id);
    // No reconcile has looked at the device yet: Spinel has not configured it.
    return { deviceId: id, device: device.name, state: s?.state ?? 'pending', revision: s?.revision ?? null, lastCommitAt: s?.lastCommitAt ?? null, lastError: s?.lastError ?? null, updatedAt: s?.updatedAt ?? null };
  }
}
