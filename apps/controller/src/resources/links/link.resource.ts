import { Injectable } from '@nestjs/common';
import { ConflictError, InvalidValueError } from '#domain';
import { ContainerNodeEntity, DeviceEntity, LinkEntity, LogicalPortEntity } from '#persistence';
import { Not } from 'typeorm';
import { applyPatch, recordView } from '../../intent/checks.js';
import type { IntentTransaction } from '../../intent/intent-transaction.js';
import type { ResourceHooks } from '../../intent/resource-hooks.js';
import type { CreateLinkDto, LinkQuery, UpdateLinkDto } from './link.dto.js';

@Injectable()
export class LinkResource implements ResourceHooks<LinkEntity, CreateLinkDto, UpdateLinkDto, LinkQuery> {
  readonly kind = 'link';
  readonly label = 'link';
  readonly entity = LinkEntity;

  view(l: LinkEntity) {
    const { fabricId, aDeviceId, aInterface, bDeviceId, bInterface } = l;
    return { ...recordView(l), fabricId, aDeviceId, aInterface, bDeviceId, bInterface };
  }

  where(q: LinkQuery) {
    const base = q.fabricId ? { fabricId: q.fabricId } : {};
    return q.deviceId ? [{ ...base, aDeviceId: q.deviceId }, { ...base, bDeviceId: q.deviceId }] : base;
  }

  tenantOf() {
    return null;
  }

  async create(tx: IntentTransaction, dto: CreateLinkDto): Promise<LinkEntity> {
    const a = await tx.ref(DeviceEntity, dto.aDeviceId, 'aDeviceId', 'device');
    const b = await tx.ref(DeviceEntity, dto.bDeviceId, 'bDeviceId', 'device');
    if (a.fabricId !== b.fabricId) throw new InvalidValueError(`devices ${a.name} and ${b.name} are in different fabrics; a link joins two devices of one fabric`, 'bDeviceId');
    const link = tx.em.create(LinkEntity, { fabricId: a.fabricId, aDeviceId: a.id, aInterface: dto.aInterface, bDeviceId: b.id, bInterface: dto.bInterface });
    await this.checkEnds(tx, link, a, b);
    return tx.em.save(link);
  }

  async update(tx: IntentTransaction, l: LinkEntity, dto: UpdateLinkDto): Promise<LinkEntity> {
    applyPatch(l, dto, ['aInterface', 'bInterface']);
    const a = await tx.em.findOneByOrFail(DeviceEntity, { id: l.aDeviceId });
    const b = await tx.em.findOneByOrFail(DeviceEntity, { id: l.bDeviceId });
    await this.checkEnds(tx, l, a, b);
    return tx.em.save(l);
  }

  async dependents() {
    return [];
  }

  /** An interface carries one cable: no second link, and not an access port (a container node's or a bound port's). */
  private async checkEnds(tx: IntentTransaction, l: LinkEntity, a: DeviceEntity, b: DeviceEntity): Promise<void> {
    if (a.id === b.id && l.aInterface === l.bInterface) throw new InvalidValueError(`a link cannot join ${a.name} ${l.aInterface} to itself`, 'bInterface');
    const ends = [
      { device: a, iface: l.aInterface, field: 'aInterface' },
      { device: b, iface: l.bInterface, field: 'bInterface' },
    ];
    for (const { device, iface, field } of ends) {
      const except = l.id ? { id: Not(l.id) } : {};
      const clash = await tx.em.findOne(LinkEntity, {
        where: [
          { ...except, aDeviceId: device.id, aInterface: iface },
          { ...except, bDeviceId: device.id, bInterface: iface },
        ],
      });
      if (clash) throw new ConflictError(`${device.name} ${iface} is already cabled (link ${clash.id})`, field, { conflictingId: clash.id });
      const node = await tx.em.findOneBy(ContainerNodeEntity, { leafDeviceId: device.id, leafInterface: iface });
      if (node) throw new ConflictError(`${device.name} ${iface} attaches container node ${node.name}`, field, { conflictingId: node.id });
      const port = await tx.em.findOneBy(LogicalPortEntity, { deviceId: device.id, interfaceName: iface });
      if (port) throw new ConflictError(`${device.name} ${iface} is the access port of logical port ${port.name}`, field, { conflictingId: port.id });
    }
  }
}
