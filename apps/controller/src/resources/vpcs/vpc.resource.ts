import { Injectable } from '@nestjs/common';
import { Cidr, ConflictError, InvalidValueError } from '#domain';
import { moveVni, pickVni, releaseVni, reserveVni, routeDistinguisherFor, routeTargetFor } from '#ipam';
import {
  ExternalGatewayEntity,
  FabricEntity,
  LogicalPortEntity,
  LogicalRouterEntity,
  LogicalSwitchEntity,
  SecurityPolicyEntity,
  TenantEntity,
  VpcEntity,
} from '#persistence';
import { applyPatch, assertUnique, definedOnly, recordView } from '../../intent/checks.js';
import { IntentTransaction } from '../../intent/intent-transaction.js';
import { assertNoOverlapWith, interconnectedVpcs } from '../../intent/interconnections.js';
import { assertRouteTargetsOwned } from '../../intent/route-target-ownership.js';
import type { Dependent, ResourceHooks } from '../../intent/resource-hooks.js';
import { refreshRouteExceptions } from '../logical-ports/route-exceptions.js';
import { followVni } from '../vni-route-values.js';
import type { CreateVpcDto, UpdateVpcDto, VpcQuery } from './vpc.dto.js';

@Injectable()
export class VpcResource implements ResourceHooks<VpcEntity, CreateVpcDto, UpdateVpcDto, VpcQuery> {
  readonly kind = 'vpc';
  readonly label = 'VPC';
  readonly entity = VpcEntity;

  view(v: VpcEntity) {
    const { tenantId, fabricId, name, vrfName, l3Vni, routeDistinguisher, importRouteTargets, exportRouteTargets, cidrs } = v;
    const { attachmentMode, routeSuppression, ipBlockPrefixLength } = v;
    return {
      ...recordView(v),
      ...{ tenantId, fabricId, name, vrfName, l3Vni, routeDistinguisher, importRouteTargets, exportRouteTargets, cidrs },
      ...{ attachmentMode, routeSuppression, ipBlockPrefixLength },
    };
  }

  where(q: VpcQuery) {
    return definedOnly({ tenantId: q.tenantId, fabricId: q.fabricId, name: q.name });
  }

  tenantOf(v: VpcEntity) {
    return v.tenantId;
  }

  async create(tx: IntentTransaction, dto: CreateVpcDto): Promise<VpcEntity> {
    const tenantId = dto.tenantId ?? tx.principal.tenantId;
    if (!tenantId) throw new InvalidValueError('tenantId is required', 'tenantId');
    const tenant = await tx.ref(TenantEntity, tenantId, 'tenantId', 'tenant');
    const fabric = await tx.ref(FabricEntity, dto.fabricId, 'fabricId', 'fabric');
    await assertUnique(tx, VpcEntity, { tenantId, name: dto.name }, 'name', `tenant ${tenant.name} already has a VPC named ${dto.name}`);
    const cidrs = canonicalCidrs(dto.cidrs);
    const l3Vni = await pickVni(tx.em, fabric, dto.l3Vni, 'l3Vni');
    const vrfName = dto.vrfName ?? (await this.defaultVrfName(tx, fabric, `${tenant.name}-${dto.name}`, l3Vni));
    await assertUnique(tx, VpcEntity, { fabricId: fabric.id, vrfName }, 'vrfName', `VRF ${vrfName} already exists in fabric ${fabric.name}`);
    await assertRouteTargetsOwned(tx, fabric.id, tenantId, dto.importRouteTargets, 'importRouteTargets');
    await assertRouteTargetsOwned(tx, fabric.id, tenantId, dto.exportRouteTargets, 'exportRouteTargets');
    const rt = () => [IntentTransaction.at('l3Vni', () => routeTargetFor(fabric.asn, l3Vni))];
    const vpc = tx.em.create(VpcEntity, {
      tenantId,
      fabricId: fabric.id,
      name: dto.name,
      vrfName,
      l3Vni,
      routeDistinguisher: dto.routeDistinguisher ?? IntentTransaction.at('l3Vni', () => routeDistinguisherFor(fabric.asn, l3Vni)),
      importRouteTargets: dto.importRouteTargets ?? rt(),
      exportRouteTargets: dto.exportRouteTargets ?? rt(),
      cidrs,
      attachmentMode: dto.attachmentMode ?? 'l2-bridge',
      routeSuppression: dto.routeSuppression ?? false,
      ipBlockPrefixLength: dto.ipBlockPrefixLength ?? 26,
    });
    checkSuppression(vpc);
    const saved = await tx.em.save(vpc);
    await reserveVni(tx.em, fabric.id, l3Vni, 'vpc', saved.id);
    return saved;
  }

  async update(tx: IntentTransaction, v: VpcEntity, dto: UpdateVpcDto): Promise<VpcEntity> {
    const fabric = await tx.em.findOneByOrFail(FabricEntity, { id: v.fabricId });
    if (dto.name && dto.name !== v.name) {
      await assertUnique(tx, VpcEntity, { tenantId: v.tenantId, name: dto.name }, 'name', `this tenant already has a VPC named ${dto.name}`, v.id);
    }
    if (dto.vrfName && dto.vrfName !== v.vrfName) {
      await assertUnique(tx, VpcEntity, { fabricId: v.fabricId, vrfName: dto.vrfName }, 'vrfName', `VRF ${dto.vrfName} already exists in this fabric`, v.id);
    }
    if (dto.l3Vni !== undefined) {
      await moveVni(tx.em, fabric, v.l3Vni, dto.l3Vni, 'l3Vni', 'vpc', v.id);
      followVni(v, fabric.asn, v.l3Vni, dto.l3Vni, dto, 'l3Vni');
    }
    await assertRouteTargetsOwned(tx, v.fabricId, v.tenantId, dto.importRouteTargets, 'importRouteTargets');
    await assertRouteTargetsOwned(tx, v.fabricId, v.tenantId, dto.exportRouteTargets, 'exportRouteTargets');
    if (dto.cidrs) {
      dto.cidrs = canonicalCidrs(dto.cidrs);
      await this.checkCidrChange(tx, v, dto.cidrs);
    }
    if (dto.attachmentMode && dto.attachmentMode !== v.attachmentMode) {
      const attached = await tx.em.countBy(LogicalPortEntity, { vpcId: v.id, bindingKind: 'container-node' });
      if (attached) throw new ConflictError(`VPC ${v.name} has ${attached} port(s) on container nodes in ${v.attachmentMode} mode; move or delete them before changing the attachment mode`, 'attachmentMode');
    }
    const suppressionWas = v.routeSuppression;
    applyPatch(v, dto, ['name', 'vrfName', 'l3Vni', 'routeDistinguisher', 'importRouteTargets', 'exportRouteTargets', 'cidrs', 'attachmentMode', 'routeSuppression', 'ipBlockPrefixLength']);
    checkSuppression(v);
    const saved = await tx.em.save(v);
    if (saved.routeSuppression !== suppressionWas) await refreshRouteExceptions(tx, { vpcId: v.id });
    return saved;
  }

  async dependents(tx: IntentTransaction, v: VpcEntity): Promise<Dependent[]> {
    const where = { vpcId: v.id };
    // One transaction is one connection: queries run one after another.
    const gateways = await tx.em.find(ExternalGatewayEntity, { where });
    const policies = await tx.em.find(SecurityPolicyEntity, { where });
    const routers = await tx.em.find(LogicalRouterEntity, { where });
    const switches = await tx.em.find(LogicalSwitchEntity, { where });
    return [
      ...gateways.map((g) => ({ kind: 'external-gateway', id: g.id, name: g.name })),
      ...policies.map((p) => ({ kind: 'security-policy', id: p.id, name: p.name })),
      ...routers.map((r) => ({ kind: 'logical-router', id: r.id, name: r.name })),
      ...switches.map((s) => ({ kind: 'logical-switch', id: s.id, name: s.name })),
    ];
  }

  async beforeDelete(tx: IntentTransaction, v: VpcEntity): Promise<void> {
    await releaseVni(tx.em, v.fabricId, v.l3Vni);
  }

  /**
   * Shrinking a VPC must keep its subnets inside; growing it must not collide with interconnected
   * VPCs, nor swallow the outside addresses its external gateways translate to.
   */
  private async checkCidrChange(tx: IntentTransaction, v: VpcEntity, cidrs: string[]): Promise<void> {
    const parsed = cidrs.map((c) => Cidr.parse(c));
    for (const ls of await tx.em.findBy(LogicalSwitchEntity, { vpcId: v.id })) {
      if (!parsed.some((c) => c.containsCidr(ls.subnet))) {
        throw new InvalidValueError(`logical switch ${ls.name}'s subnet ${ls.subnet} would fall outside the VPC's CIDRs`, 'cidrs', { conflictingId: ls.id });
      }
    }
    // Disjoint from every VPC whose routes meet ours in some VRF: our peers, and our peers' peers.
    const peers = await interconnectedVpcs(tx.em, v.id);
    for (const peer of peers) assertNoOverlapWith(cidrs, peer, 'cidrs');
    for (const peer of peers) {
      for (const coImported of await interconnectedVpcs(tx.em, peer.id)) if (coImported.id !== v.id) assertNoOverlapWith(cidrs, coImported, 'cidrs');
    }
    for (const g of await tx.em.findBy(ExternalGatewayEntity, { vpcId: v.id })) assertClearOfTranslations(parsed, g);
  }

  private async defaultVrfName(tx: IntentTransaction, fabric: FabricEntity, preferred: string, l3Vni: number): Promise<string> {
    const fits = preferred.length <= 31 && !(await tx.em.existsBy(VpcEntity, { fabricId: fabric.id, vrfName: preferred }));
    return fits ? preferred : `vpc-${l3Vni}`;
  }
}

/** Canonical, and disjoint among themselves. */
export function canonicalCidrs(raw: string[]): string[] {
  const parsed = raw.map((c, i) => Cidr.parse(c, `cidrs[${i}]`));
  parsed.forEach((c, i) => {
    const j = parsed.findIndex((o, k) => k < i && o.overlaps(c));
    if (j >= 0) throw new ConflictError(`${c} overlaps ${parsed[j]} in the same VPC`, `cidrs[${i}]`);
  });
  return parsed.map((c) => c.toString());
}

/** SNAT pools and elastic IPs are outside addresses: inside the VPC, return traffic would be ambiguous. */
function assertClearOfTranslations(cidrs: Cidr[], g: ExternalGatewayEntity): void {
  for (const [i, c] of cidrs.entries()) {
    const pool = g.snatPool.find((p) => c.overlaps(p));
    if (pool) throw new ConflictError(`${c} overlaps SNAT pool ${pool} of external gateway ${g.name}`, `cidrs[${i}]`, { conflictingId: g.id });
    const eip = g.elasticIps.find((e) => c.contains(e.ip));
    if (eip) throw new ConflictError(`${c} contains elastic IP ${eip.ip} of external gateway ${g.name}`, `cidrs[${i}]`, { conflictingId: g.id });
  }
}

function checkSuppression(v: VpcEntity): void {
  if (v.routeSuppression && v.attachmentMode !== 'l3-route') {
    throw new InvalidValueError('route suppression applies to l3-route attachment: container nodes must route and advertise blocks', 'routeSuppression');
  }
  const v4 = v.cidrs.every((c) => !c.includes(':'));
  if (v4 && v.ipBlockPrefixLength > 32) throw new InvalidValueError(`ipBlockPrefixLength ${v.ipBlockPrefixLength} is longer than an IPv4 address`, 'ipBlockPrefixLength');
}
