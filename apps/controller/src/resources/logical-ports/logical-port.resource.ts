import { Injectable } from '@nestjs/common';
import { IpAddress } from '#domain';
import { ExternalGatewayEntity, LogicalPortEntity, LogicalSwitchEntity, VpcEntity } from '#persistence';
import { assertUnique, definedOnly, recordView } from '../../intent/checks.js';
import type { IntentTransaction } from '../../intent/intent-transaction.js';
import type { Dependent, ResourceHooks } from '../../intent/resource-hooks.js';
import type { CreateLogicalPortDto, LogicalPortQuery, UpdateLogicalPortDto } from './logical-port.dto.js';
import { allocatePortIp, checkFixedIp, checkOrMakeMac } from './port-address.js';
import { resolveBinding, UNBOUND } from './port-binding.js';
import { blocksOf, isRouteException } from './route-exceptions.js';

@Injectable()
export class LogicalPortResource implements ResourceHooks<LogicalPortEntity, CreateLogicalPortDto, UpdateLogicalPortDto, LogicalPortQuery> {
  readonly kind = 'logical-port';
  readonly label = 'logical port';
  readonly entity = LogicalPortEntity;

  view(p: LogicalPortEntity) {
    const binding = p.bindingKind
      ? { kind: p.bindingKind, deviceId: p.deviceId, interfaceName: p.interfaceName, containerNodeId: p.containerNodeId, vlan: p.vlan }
      : null;
    const owner = p.ownerKind ? { kind: p.ownerKind, name: p.ownerName, uid: p.ownerUid } : null;
    const { tenantId, vpcId, logicalSwitchId, name, ip, mac, ipMode, routeException, labels } = p;
    return { ...recordView(p), tenantId, vpcId, logicalSwitchId, name, ip, mac, ipMode, binding, routeException, labels, owner };
  }

  where(q: LogicalPortQuery) {
    const ip = q.ip ? IpAddress.parse(q.ip).toString() : undefined;
    const routeException = q.routeException === undefined ? undefined : q.routeException === 'true';
    return definedOnly({ vpcId: q.vpcId, logicalSwitchId: q.logicalSwitchId, containerNodeId: q.containerNodeId, deviceId: q.deviceId, ip, routeException });
  }

  tenantOf(p: LogicalPortEntity) {
    return p.tenantId;
  }

  async create(tx: IntentTransaction, dto: CreateLogicalPortDto): Promise<LogicalPortEntity> {
    const ls = await tx.ref(LogicalSwitchEntity, dto.logicalSwitchId, 'logicalSwitchId', 'logical switch');
    const vpc = await tx.em.findOneByOrFail(VpcEntity, { id: ls.vpcId });
    await assertUnique(tx, LogicalPortEntity, { logicalSwitchId: ls.id, name: dto.name }, 'name', `logical switch ${ls.name} already has a port named ${dto.name}`);
    const binding = dto.binding ? await resolveBinding(tx, vpc, ls, dto.binding) : UNBOUND;
    const ip = dto.ip !== undefined ? await checkFixedIp(tx, ls, dto.ip) : await allocatePortIp(tx, vpc, ls, binding.containerNodeId);
    const port = tx.em.create(LogicalPortEntity, {
      tenantId: ls.tenantId,
      vpcId: vpc.id,
      logicalSwitchId: ls.id,
      name: dto.name,
      ip,
      ipMode: dto.ip !== undefined ? 'fixed' : 'allocated',
      mac: await checkOrMakeMac(tx, ls, dto.mac),
      ...binding,
      labels: dto.labels ?? {},
      ownerKind: dto.owner?.kind ?? null,
      ownerName: dto.owner?.name ?? null,
      ownerUid: dto.owner?.uid ?? null,
    });
    port.routeException = await this.exception(tx, vpc, port);
    return tx.em.save(port);
  }

  async update(tx: IntentTransaction, p: LogicalPortEntity, dto: UpdateLogicalPortDto): Promise<LogicalPortEntity> {
    const ls = await tx.em.findOneByOrFail(LogicalSwitchEntity, { id: p.logicalSwitchId });
    const vpc = await tx.em.findOneByOrFail(VpcEntity, { id: p.vpcId });
    if (dto.name && dto.name !== p.name) {
      await assertUnique(tx, LogicalPortEntity, { logicalSwitchId: ls.id, name: dto.name }, 'name', `logical switch ${ls.name} already has a port named ${dto.name}`, p.id);
      p.name = dto.name;
    }
    if (dto.ip !== undefined) {
      p.ip = await checkFixedIp(tx, ls, dto.ip, p.id);
      p.ipMode = 'fixed';
    }
    if (dto.mac !== undefined) p.mac = await checkOrMakeMac(tx, ls, dto.mac, p.id);
    // A pod that moves keeps its IP: under route suppression it may become a /32 exception.
    if (dto.binding !== undefined) Object.assign(p, dto.binding === null ? UNBOUND : await resolveBinding(tx, vpc, ls, dto.binding, p.id));
    if (dto.labels !== undefined) p.labels = dto.labels;
    if (dto.owner !== undefined) Object.assign(p, { ownerKind: dto.owner?.kind ?? null, ownerName: dto.owner?.name ?? null, ownerUid: dto.owner?.uid ?? null });
    p.routeException = await this.exception(tx, vpc, p);
    return tx.em.save(p);
  }

  async dependents(tx: IntentTransaction, p: LogicalPortEntity): Promise<Dependent[]> {
    const gateways = await tx.em
      .createQueryBuilder(ExternalGatewayEntity, 'g')
      .where('g.elasticIps @> :probe::jsonb', { probe: JSON.stringify([{ portId: p.id }]) })
      .getMany();
    return gateways.map((g) => ({ kind: 'external-gateway', id: g.id, name: g.name, detach: (x: IntentTransaction) => releaseEips(x, g.id, p.id) }));
  }

  private async exception(tx: IntentTransaction, vpc: VpcEntity, p: LogicalPortEntity): Promise<boolean> {
    const blocks = p.containerNodeId && vpc.routeSuppression ? await blocksOf(tx, p.containerNodeId, p.logicalSwitchId) : [];
    return isRouteException(vpc, p, blocks);
  }
}

async function releaseEips(tx: IntentTransaction, gatewayId: string, portId: string): Promise<void> {
  const g = await tx.em.findOneBy(ExternalGatewayEntity, { id: gatewayId });
  if (!g) return;
  const before = await tx.snapshot('external-gateway', g);
  g.elasticIps = g.elasticIps.filter((e) => e.portId !== portId);
  await tx.track('external-gateway', 'update', await tx.em.save(g), before);
}
