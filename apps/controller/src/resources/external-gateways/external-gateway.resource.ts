import { Injectable } from '@nestjs/common';
import { Cidr, ConflictError, InvalidValueError, IpAddress } from '#domain';
import { DeviceEntity, type ElasticIp, ExternalGatewayEntity, LogicalPortEntity, VpcEntity } from '#persistence';
import { assertUnique, recordView } from '../../intent/checks.js';
import type { IntentTransaction } from '../../intent/intent-transaction.js';
import { type ResourceHooks, VpcScopedResource } from '../../intent/resource-hooks.js';
import type { CreateExternalGatewayDto, ElasticIpDto, ExternalGatewayQuery, UpdateExternalGatewayDto } from './external-gateway.dto.js';

@Injectable()
export class ExternalGatewayResource extends VpcScopedResource<ExternalGatewayEntity, CreateExternalGatewayDto, UpdateExternalGatewayDto> implements ResourceHooks<ExternalGatewayEntity, CreateExternalGatewayDto, UpdateExternalGatewayDto, ExternalGatewayQuery> {
  readonly kind = 'external-gateway';
  readonly label = 'external gateway';
  readonly entity = ExternalGatewayEntity;

  view(g: ExternalGatewayEntity) {
    const { tenantId, vpcId, name, borderLeafIds, snatPool, elasticIps } = g;
    return { ...recordView(g), tenantId, vpcId, name, borderLeafIds, snatPool, elasticIps };
  }

  async create(tx: IntentTransaction, dto: CreateExternalGatewayDto): Promise<ExternalGatewayEntity> {
    const vpc = await tx.ref(VpcEntity, dto.vpcId, 'vpcId', 'VPC');
    await assertUnique(tx, ExternalGatewayEntity, { vpcId: vpc.id, name: dto.name }, 'name', `VPC ${vpc.name} already has an external gateway named ${dto.name}`);
    const g = tx.em.create(ExternalGatewayEntity, { tenantId: vpc.tenantId, vpcId: vpc.id, name: dto.name });
    g.borderLeafIds = await checkBorderLeaves(tx, vpc, dto.borderLeafIds);
    g.snatPool = checkSnatPool(vpc, dto.snatPool ?? []);
    g.elasticIps = await checkEips(tx, vpc, g, dto.elasticIps ?? []);
    return tx.em.save(g);
  }

  async update(tx: IntentTransaction, g: ExternalGatewayEntity, dto: UpdateExternalGatewayDto): Promise<ExternalGatewayEntity> {
    const vpc = await tx.em.findOneByOrFail(VpcEntity, { id: g.vpcId });
    if (dto.name && dto.name !== g.name) {
      await assertUnique(tx, ExternalGatewayEntity, { vpcId: vpc.id, name: dto.name }, 'name', `this VPC already has an external gateway named ${dto.name}`, g.id);
      g.name = dto.name;
    }
    if (dto.borderLeafIds) g.borderLeafIds = await checkBorderLeaves(tx, vpc, dto.borderLeafIds);
    if (dto.snatPool) g.snatPool = checkSnatPool(vpc, dto.snatPool);
    if (dto.elasticIps) g.elasticIps = await checkEips(tx, vpc, g, dto.elasticIps);
    return tx.em.save(g);
  }

  async dependents() {
    return [];
  }
}

async function checkBorderLeaves(tx: IntentTransaction, vpc: VpcEntity, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  for (const [i, id] of unique.entries()) {
    const d = await tx.ref(DeviceEntity, id, `borderLeafIds[${i}]`, 'device');
    if (d.role !== 'border-leaf') throw new InvalidValueError(`device ${d.name} is a ${d.role}; external gateways live on border leaves`, `borderLeafIds[${i}]`);
    if (d.fabricId !== vpc.fabricId) throw new InvalidValueError(`border leaf ${d.name} is on another fabric than VPC ${vpc.name}`, `borderLeafIds[${i}]`);
  }
  return unique;
}

/** Translated addresses must not be the VPC's own: that would make return traffic ambiguous. */
function checkSnatPool(vpc: VpcEntity, pool: string[]): string[] {
  const inside = vpc.cidrs.map((c) => Cidr.parse(c));
  return pool.map((raw, i) => {
    const c = Cidr.parse(raw, `snatPool[${i}]`);
    const hit = inside.find((v) => v.overlaps(c));
    if (hit) throw new ConflictError(`SNAT pool ${c} overlaps VPC CIDR ${hit}`, `snatPool[${i}]`);
    return c.toString();
  });
}

async function checkEips(tx: IntentTransaction, vpc: VpcEntity, g: ExternalGatewayEntity, eips: ElasticIpDto[]): Promise<ElasticIp[]> {
  const inside = vpc.cidrs.map((c) => Cidr.parse(c));
  const seen = new Set<string>();
  const out: ElasticIp[] = [];
  for (const [i, e] of eips.entries()) {
    const ip = IpAddress.parse(e.ip, `elasticIps[${i}].ip`).toString();
    if (inside.some((c) => c.contains(ip))) throw new InvalidValueError(`EIP ${ip} lies inside the VPC's own CIDRs`, `elasticIps[${i}].ip`);
    if (seen.has(ip)) throw new ConflictError(`EIP ${ip} is listed twice`, `elasticIps[${i}].ip`);
    seen.add(ip);
    const port = await tx.ref(LogicalPortEntity, e.portId, `elasticIps[${i}].portId`, 'logical port');
    if (port.vpcId !== vpc.id) throw new InvalidValueError(`port ${port.name} is not in VPC ${vpc.name}`, `elasticIps[${i}].portId`);
    const clash = await tx.em
      .createQueryBuilder(ExternalGatewayEntity, 'x')
      .innerJoin(VpcEntity, 'v', 'v.id = x.vpcId')
      .where('v.fabricId = :fabricId', { fabricId: vpc.fabricId })
      .andWhere('x.elasticIps @> :probe::jsonb', { probe: JSON.stringify([{ ip }]) })
      .andWhere(g.id ? 'x.id <> :id' : 'TRUE', { id: g.id })
      .getOne();
    if (clash) throw new ConflictError(`EIP ${ip} is already assigned by external gateway ${clash.name}`, `elasticIps[${i}].ip`, { conflictingId: clash.id });
    out.push({ ip, portId: port.id });
  }
  return out;
}
