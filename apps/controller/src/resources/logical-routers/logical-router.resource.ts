import { Injectable } from '@nestjs/common';
import { Cidr, ConflictError, InvalidValueError, IpAddress } from '#domain';
import { LogicalRouterEntity, LogicalSwitchEntity, type RouterInterconnection, type RouterInterface, type StaticRoute, VpcEntity } from '#persistence';
import { assertUnique, recordView } from '../../intent/checks.js';
import type { IntentTransaction } from '../../intent/intent-transaction.js';
import { assertNoOverlapWith, interconnectedRouters } from '../../intent/interconnections.js';
import { type Dependent, type ResourceHooks, VpcScopedResource } from '../../intent/resource-hooks.js';
import type { CreateLogicalRouterDto, LogicalRouterQuery, UpdateLogicalRouterDto } from './logical-router.dto.js';

@Injectable()
export class LogicalRouterResource extends VpcScopedResource<LogicalRouterEntity, CreateLogicalRouterDto, UpdateLogicalRouterDto> implements ResourceHooks<LogicalRouterEntity, CreateLogicalRouterDto, UpdateLogicalRouterDto, LogicalRouterQuery> {
  readonly kind = 'logical-router';
  readonly label = 'logical router';
  readonly entity = LogicalRouterEntity;

  view(r: LogicalRouterEntity) {
    const { tenantId, vpcId, name, interfaces, staticRoutes, interconnections } = r;
    return { ...recordView(r), tenantId, vpcId, name, interfaces, staticRoutes, interconnections };
  }

  async create(tx: IntentTransaction, dto: CreateLogicalRouterDto): Promise<LogicalRouterEntity> {
    const vpc = await tx.ref(VpcEntity, dto.vpcId, 'vpcId', 'VPC');
    await assertUnique(tx, LogicalRouterEntity, { vpcId: vpc.id }, 'vpcId', `VPC ${vpc.name} already has a logical router; a VPC has one`);
    const r = tx.em.create(LogicalRouterEntity, { tenantId: vpc.tenantId, vpcId: vpc.id, name: dto.name, interfaces: [], staticRoutes: [], interconnections: [] });
    r.interfaces = await checkInterfaces(tx, vpc, dto.interfaces ?? []);
    r.staticRoutes = checkStaticRoutes(dto.staticRoutes ?? []);
    r.interconnections = await checkInterconnections(tx, vpc, r, dto.interconnections ?? []);
    return tx.em.save(r);
  }

  async update(tx: IntentTransaction, r: LogicalRouterEntity, dto: UpdateLogicalRouterDto): Promise<LogicalRouterEntity> {
    const vpc = await tx.em.findOneByOrFail(VpcEntity, { id: r.vpcId });
    if (dto.name) r.name = dto.name;
    if (dto.interfaces) r.interfaces = await checkInterfaces(tx, vpc, dto.interfaces);
    if (dto.staticRoutes) r.staticRoutes = checkStaticRoutes(dto.staticRoutes);
    if (dto.interconnections) r.interconnections = await checkInterconnections(tx, vpc, r, dto.interconnections);
    return tx.em.save(r);
  }

  /** Routers that declared an interconnection to this one lose it when it goes. */
  async dependents(tx: IntentTransaction, r: LogicalRouterEntity): Promise<Dependent[]> {
    const peers = (await interconnectedRouters(tx.em, r)).filter((p) => p.interconnections.some((i) => i.peerRouterId === r.id));
    return peers.map((p) => ({ kind: 'logical-router', id: p.id, name: p.name, detach: (x: IntentTransaction) => dropInterconnection(x, p.id, r.id) }));
  }
}

async function checkInterfaces(tx: IntentTransaction, vpc: VpcEntity, list: { logicalSwitchId: string }[]): Promise<RouterInterface[]> {
  const seen = new Set<string>();
  for (const [i, { logicalSwitchId }] of list.entries()) {
    const field = `interfaces[${i}].logicalSwitchId`;
    if (seen.has(logicalSwitchId)) throw new InvalidValueError(`logical switch ${logicalSwitchId} is listed twice`, field);
    seen.add(logicalSwitchId);
    const ls = await tx.ref(LogicalSwitchEntity, logicalSwitchId, field, 'logical switch');
    if (ls.vpcId !== vpc.id) throw new InvalidValueError(`logical switch ${ls.name} belongs to another VPC; a router connects its own VPC's switches`, field);
  }
  return list.map(({ logicalSwitchId }) => ({ logicalSwitchId }));
}

function checkStaticRoutes(list: { prefix: string; nextHop: string }[]): StaticRoute[] {
  const seen = new Set<string>();
  return list.map(({ prefix, nextHop }, i) => {
    const p = Cidr.parse(prefix, `staticRoutes[${i}].prefix`);
    const nh = IpAddress.parse(nextHop, `staticRoutes[${i}].nextHop`);
    if (p.version !== nh.version) throw new InvalidValueError(`next hop ${nh} is IPv${nh.version} but prefix ${p} is IPv${p.version}`, `staticRoutes[${i}].nextHop`);
    const key = `${p}=>${nh}`;
    if (seen.has(key)) throw new InvalidValueError(`static route ${p} via ${nh} is listed twice`, `staticRoutes[${i}]`);
    seen.add(key);
    return { prefix: p.toString(), nextHop: nh.toString() };
  });
}

/** Peers on the same fabric, not itself, and with address space disjoint from this VPC's. */
async function checkInterconnections(tx: IntentTransaction, vpc: VpcEntity, r: LogicalRouterEntity, list: { peerRouterId: string }[]): Promise<RouterInterconnection[]> {
  const seen = new Set<string>();
  // Routers that declared an interconnection to this one stay peers whatever this list says.
  const declaredThere = r.id ? (await interconnectedRouters(tx.em, r)).filter((p) => p.interconnections.some((x) => x.peerRouterId === r.id)) : [];
  const importedVpcs: VpcEntity[] = [];
  for (const p of declaredThere) importedVpcs.push(await tx.em.findOneByOrFail(VpcEntity, { id: p.vpcId }));
  for (const [i, { peerRouterId }] of list.entries()) {
    const field = `interconnections[${i}].peerRouterId`;
    if (peerRouterId === r.id) throw new InvalidValueError('a router cannot interconnect with itself', field);
    if (seen.has(peerRouterId)) throw new InvalidValueError(`router ${peerRouterId} is listed twice`, field);
    seen.add(peerRouterId);
    const peer = await tx.ref(LogicalRouterEntity, peerRouterId, field, 'logical router');
    const peerVpc = await tx.em.findOneByOrFail(VpcEntity, { id: peer.vpcId });
    if (peerVpc.fabricId !== vpc.fabricId) throw new InvalidValueError(`router ${peer.name}'s VPC ${peerVpc.name} is on another fabric`, field);
    // This VRF will import the peer's routes next to every other peer's: all must be disjoint.
    const others = [vpc, ...importedVpcs.filter((o) => o.id !== peerVpc.id)];
    for (const other of others) {
      try {
        assertNoOverlapWith(other.cidrs, peerVpc, 'cidrs');
      } catch (e) {
        if (e instanceof ConflictError) throw new ConflictError(e.message, field, e.detail);
        throw e;
      }
    }
    importedVpcs.push(peerVpc);
  }
  return list.map(({ peerRouterId }) => ({ peerRouterId }));
}

async function dropInterconnection(tx: IntentTransaction, routerId: string, peerId: string): Promise<void> {
  const r = await tx.em.findOneBy(LogicalRouterEntity, { id: routerId });
  if (!r) return;
  const before = await tx.snapshot('logical-router', r);
  r.interconnections = r.interconnections.filter((i) => i.peerRouterId !== peerId);
  await tx.track('logical-router', 'update', await tx.em.save(r), before);
}
