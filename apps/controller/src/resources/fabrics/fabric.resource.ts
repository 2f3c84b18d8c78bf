import { Injectable } from '@nestjs/common';
import { InvalidValueError, MacAddress } from '#domain';
import { ContainerNodeEntity, DeviceEntity, FabricEntity, LinkEntity, VniAllocationEntity, VpcEntity } from '#persistence';
import { applyPatch, assertUnique, recordView } from '../../intent/checks.js';
import type { IntentTransaction } from '../../intent/intent-transaction.js';
import type { Dependent, ResourceHooks } from '../../intent/resource-hooks.js';
import type { CreateFabricDto, FabricQuery, UpdateFabricDto } from './fabric.dto.js';

export const DEFAULT_GATEWAY_MAC = '00:00:5e:00:01:01';

@Injectable()
export class FabricResource implements ResourceHooks<FabricEntity, CreateFabricDto, UpdateFabricDto, FabricQuery> {
  readonly kind = 'fabric';
  readonly label = 'fabric';
  readonly entity = FabricEntity;

  view(f: FabricEntity) {
    const { name, description, asn, underlayProtocol, vniMin, vniMax, vlanMin, vlanMax, anycastGatewayMac } = f;
    return { ...recordView(f), name, description, asn, underlayProtocol, vniMin, vniMax, vlanMin, vlanMax, anycastGatewayMac };
  }

  where(q: FabricQuery) {
    return q.name ? { name: q.name } : {};
  }

  tenantOf() {
    return null;
  }

  async create(tx: IntentTransaction, dto: CreateFabricDto): Promise<FabricEntity> {
    await assertUnique(tx, FabricEntity, { name: dto.name }, 'name', `a fabric named ${dto.name} already exists`);
    const f = tx.em.create(FabricEntity, {
      name: dto.name,
      description: dto.description ?? '',
      asn: dto.asn,
      underlayProtocol: dto.underlayProtocol ?? 'ebgp',
      vniMin: dto.vniMin ?? 10000,
      vniMax: dto.vniMax ?? 16777214,
      vlanMin: dto.vlanMin ?? 100,
      vlanMax: dto.vlanMax ?? 3999,
      anycastGatewayMac: MacAddress.parse(dto.anycastGatewayMac ?? DEFAULT_GATEWAY_MAC).toString(),
    });
    checkPools(f);
    return tx.em.save(f);
  }

  async update(tx: IntentTransaction, f: FabricEntity, dto: UpdateFabricDto): Promise<FabricEntity> {
    if (dto.name && dto.name !== f.name) await assertUnique(tx, FabricEntity, { name: dto.name }, 'name', `a fabric named ${dto.name} already exists`, f.id);
    applyPatch(f, dto, ['name', 'description', 'asn', 'underlayProtocol', 'vniMin', 'vniMax', 'vlanMin', 'vlanMax']);
    if (dto.anycastGatewayMac) f.anycastGatewayMac = MacAddress.parse(dto.anycastGatewayMac).toString();
    checkPools(f);
    return tx.em.save(f);
  }

  async dependents(tx: IntentTransaction, f: FabricEntity): Promise<Dependent[]> {
    const where = { fabricId: f.id };
    // One transaction is one connection: queries run one after another.
    const vpcs = await tx.em.find(VpcEntity, { where });
    const nodes = await tx.em.find(ContainerNodeEntity, { where });
    const links = await tx.em.find(LinkEntity, { where });
    const devices = await tx.em.find(DeviceEntity, { where });
    // Order matters for cascade: tenants' VPCs first, then what cables and attaches to devices.
    return [
      ...vpcs.map((v) => ({ kind: 'vpc', id: v.id, name: v.name })),
      ...nodes.map((n) => ({ kind: 'container-node', id: n.id, name: n.name })),
      ...links.map((l) => ({ kind: 'link', id: l.id, name: `${l.aInterface}↔${l.bInterface}` })),
      ...devices.map((d) => ({ kind: 'device', id: d.id, name: d.name })),
    ];
  }

  async beforeDelete(tx: IntentTransaction, f: FabricEntity): Promise<void> {
    await tx.em.delete(VniAllocationEntity, { fabricId: f.id });
  }
}

function checkPools(f: FabricEntity): void {
  if (f.vniMin > f.vniMax) throw new InvalidValueError(`VNI pool ${f.vniMin}..${f.vniMax} is empty: vniMin must not exceed vniMax`, 'vniMin');
  if (f.vlanMin > f.vlanMax) throw new InvalidValueError(`VLAN pool ${f.vlanMin}..${f.vlanMax} is empty: vlanMin must not exceed vlanMax`, 'vlanMin');
}
