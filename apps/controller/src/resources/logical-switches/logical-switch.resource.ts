import { Injectable } from '@nestjs/common';
import { Cidr, ConflictError, InvalidValueError, IpAddress, MacAddress } from '#domain';
import { moveVni, pickVni, releaseVni, reserveVni, routeDistinguisherFor, routeTargetFor } from '#ipam';
import { ContainerNodeEntity, FabricEntity, IpBlockEntity, LogicalPortEntity, LogicalRouterEntity, LogicalSwitchEntity, VpcEntity } from '#persistence';
import { applyPatch, assertUnique, definedOnly, recordView } from '../../intent/checks.js';
import { IntentTransaction } from '../../intent/intent-transaction.js';
import { assertRouteTargetsOwned } from '../../intent/route-target-ownership.js';
import type { Dependent, ResourceHooks } from '../../intent/resource-hooks.js';
import { followVni } from '../vni-route-values.js';
import type { CreateLogicalSwitchDto, LogicalSwitchQuery, UpdateLogicalSwitchDto } from './logical-switch.dto.js';

@Injectable()
export class LogicalSwitchResource implements ResourceHooks<LogicalSwitchEntity, CreateLogicalSwitchDto, UpdateLogicalSwitchDto, LogicalSwitchQuery> {
  readonly kind = 'logical-switch';
  readonly label = 'logical switch';
  readonly entity = LogicalSwitchEntity;

  view(s: LogicalSwitchEntity) {
    const { tenantId, vpcId, name, l2Vni, subnet, gatewayIp, gatewayMac, arpSuppression, routeDistinguisher, importRouteTargets, exportRouteTargets } = s;
    return { ...recordView(s), tenantId, vpcId, name, l2Vni, subnet, gatewayIp, gatewayMac, arpSuppression, routeDistinguisher, importRouteTargets, exportRouteTargets };
  }

  where(q: LogicalSwitchQuery) {
    return definedOnly({ vpcId: q.vpcId, name: q.name });
  }

  tenantOf(s: LogicalSwitchEntity) {
    return s.tenantId;
  }

  async create(tx: IntentTransaction, dto: CreateLogicalSwitchDto): Promise<LogicalSwitchEntity> {
    const vpc = await tx.ref(VpcEntity, dto.vpcId, 'vpcId', 'VPC');
    const fabric = await tx.em.findOneByOrFail(FabricEntity, { id: vpc.fabricId });
    await assertUnique(tx, LogicalSwitchEntity, { vpcId: vpc.id, name: dto.name }, 'name', `VPC ${vpc.name} already has a logical switch named ${dto.name}`);
    const subnet = Cidr.parse(dto.subnet, 'subnet');
    if (!vpc.cidrs.some((c) => Cidr.parse(c).containsCidr(subnet))) {
      throw new InvalidValueError(`subnet ${subnet} is not inside any CIDR of VPC ${vpc.name} (${vpc.cidrs.join(', ')})`, 'subnet');
    }
    for (const other of await tx.em.findBy(LogicalSwitchEntity, { vpcId: vpc.id })) {
      if (subnet.overlaps(Cidr.parse(other.subnet))) {
        throw new ConflictError(`subnet ${subnet} overlaps ${other.subnet} of logical switch ${other.name}`, 'subnet', { conflictingId: other.id });
      }
    }
    const gatewayIp = dto.gatewayIp ? checkGateway(subnet, dto.gatewayIp) : subnet.firstHost().toString();
    const l2Vni = await pickVni(tx.em, fabric, dto.l2Vni, 'l2Vni');
    await assertRouteTargetsOwned(tx, fabric.id, vpc.tenantId, dto.importRouteTargets, 'importRouteTargets');
    await assertRouteTargetsOwned(tx, fabric.id, vpc.tenantId, dto.exportRouteTargets, 'exportRouteTargets');
    const rt = () => [IntentTransaction.at('l2Vni', () => routeTargetFor(fabric.asn, l2Vni))];
    const ls = await tx.em.save(
      tx.em.create(LogicalSwitchEntity, {
        tenantId: vpc.tenantId,
        vpcId: vpc.id,
        name: dto.name,
        l2Vni,
        subnet: subnet.toString(),
        gatewayIp,
        gatewayMac: MacAddress.parse(dto.gatewayMac ?? fabric.anycastGatewayMac, 'gatewayMac').toString(),
        arpSuppression: dto.arpSuppression ?? true,
        routeDistinguisher: dto.routeDistinguisher ?? IntentTransaction.at('l2Vni', () => routeDistinguisherFor(fabric.asn, l2Vni)),
        importRouteTargets: dto.importRouteTargets ?? rt(),
        exportRouteTargets: dto.exportRouteTargets ?? rt(),
      }),
    );
    await reserveVni(tx.em, fabric.id, l2Vni, 'logical-switch', ls.id);
    return ls;
  }

  async update(tx: IntentTransaction, ls: LogicalSwitchEntity, dto: UpdateLogicalSwitchDto): Promise<LogicalSwitchEntity> {
    const vpc = await tx.em.findOneByOrFail(VpcEntity, { id: ls.vpcId });
    if (dto.name && dto.name !== ls.name) {
      await assertUnique(tx, LogicalSwitchEntity, { vpcId: ls.vpcId, name: dto.name }, 'name', `this VPC already has a logical switch named ${dto.name}`, ls.id);
    }
    if (dto.l2Vni !== undefined) {
      const fabric = await tx.em.findOneByOrFail(FabricEntity, { id: vpc.fabricId });
      await moveVni(tx.em, fabric, ls.l2Vni, dto.l2Vni, 'l2Vni', 'logical-switch', ls.id);
      followVni(ls, fabric.asn, ls.l2Vni, dto.l2Vni, dto, 'l2Vni');
    }
    if (dto.gatewayIp) {
      dto.gatewayIp = checkGateway(Cidr.parse(ls.subnet), dto.gatewayIp);
      const port = await tx.em.findOneBy(LogicalPortEntity, { logicalSwitchId: ls.id, ip: dto.gatewayIp });
      if (port) throw new ConflictError(`${dto.gatewayIp} is the address of port ${port.name}`, 'gatewayIp', { conflictingId: port.id });
    }
    if (dto.gatewayMac) dto.gatewayMac = MacAddress.parse(dto.gatewayMac, 'gatewayMac').toString();
    await assertRouteTargetsOwned(tx, vpc.fabricId, ls.tenantId, dto.importRouteTargets, 'importRouteTargets');
    await assertRouteTargetsOwned(tx, vpc.fabricId, ls.tenantId, dto.exportRouteTargets, 'exportRouteTargets');
    applyPatch(ls, dto, ['name', 'l2Vni', 'gatewayIp', 'gatewayMac', 'arpSuppression', 'routeDistinguisher', 'importRouteTargets', 'exportRouteTargets']);
    return tx.em.save(ls);
  }

  async dependents(tx: IntentTransaction, ls: LogicalSwitchEntity): Promise<Dependent[]> {
    const ports = await tx.em.find(LogicalPortEntity, { where: { logicalSwitchId: ls.id } });
    const routers = await tx.em
      .createQueryBuilder(LogicalRouterEntity, 'r')
      .where('r.interfaces @> :probe::jsonb', { probe: JSON.stringify([{ logicalSwitchId: ls.id }]) })
      .getMany();
    return [
      ...ports.map((p) => ({ kind: 'logical-port', id: p.id, name: p.name })),
      ...routers.map((r) => ({ kind: 'logical-router', id: r.id, name: r.name, detach: (x: IntentTransaction) => detachInterface(x, r.id, ls.id) })),
    ];
  }

  async beforeDelete(tx: IntentTransaction, ls: LogicalSwitchEntity): Promise<void> {
    const vpc = await tx.em.findOneByOrFail(VpcEntity, { id: ls.vpcId });
    // The nodes' blocks in this subnet go with it: a change of each node, recorded like any other.
    const holders = [...new Set((await tx.em.findBy(IpBlockEntity, { logicalSwitchId: ls.id })).map((b) => b.containerNodeId))];
    for (const id of holders) {
      const node = await tx.em.findOneByOrFail(ContainerNodeEntity, { id });
      const before = await tx.snapshot('container-node', node);
      await tx.em.delete(IpBlockEntity, { logicalSwitchId: ls.id, containerNodeId: id });
      await tx.track('container-node', 'update', node, before);
    }
    await releaseVni(tx.em, vpc.fabricId, ls.l2Vni);
  }
}

function checkGateway(subnet: Cidr, raw: string): string {
  const ip = IpAddress.parse(raw, 'gatewayIp');
  const usable = subnet.contains(ip) && ip.toBigInt() >= subnet.firstHost().toBigInt() && ip.toBigInt() <= subnet.lastHost().toBigInt();
  if (!usable) throw new InvalidValueError(`gateway ${ip} is not a usable host address of subnet ${subnet}`, 'gatewayIp');
  return ip.toString();
}

async function detachInterface(tx: IntentTransaction, routerId: string, logicalSwitchId: string): Promise<void> {
  const r = await tx.em.findOneBy(LogicalRouterEntity, { id: routerId });
  if (!r) return;
  const before = await tx.snapshot('logical-router', r);
  r.interfaces = r.interfaces.filter((i) => i.logicalSwitchId !== logicalSwitchId);
  await tx.track('logical-router', 'update', await tx.em.save(r), before);
}
