import { Injectable } from '@nestjs/common';
import { Cidr, ConflictError, InvalidValueError, IpAddress } from '#domain';
import { allocateInteger } from '#ipam';
import { ContainerNodeEntity, DeviceEntity, FabricEntity, IpBlockEntity, LinkEntity, LogicalPortEntity, LogicalSwitchEntity, VpcEntity } from '#persistence';
import { type EntityManager, In, Not } from 'typeorm';
import { assertUnique, definedOnly, recordView } from '../../intent/checks.js';
import type { IntentTransaction } from '../../intent/intent-transaction.js';
import type { Dependent, ResourceHooks } from '../../intent/resource-hooks.js';
import { unbindPort } from '../devices/device.resource.js';
import { refreshRouteExceptions } from '../logical-ports/route-exceptions.js';
import type { ContainerNodeQuery, CreateContainerNodeDto, IpBlockDto, UpdateContainerNodeDto } from './container-node.dto.js';

const NODE_ASN_MIN = 4_201_000_000;
const NODE_ASN_MAX = 4_201_999_999;

@Injectable()
export class ContainerNodeResource implements ResourceHooks<ContainerNodeEntity, CreateContainerNodeDto, UpdateContainerNodeDto, ContainerNodeQuery> {
  readonly kind = 'container-node';
  readonly label = 'container node';
  readonly entity = ContainerNodeEntity;

  async view(n: ContainerNodeEntity, em: EntityManager) {
    return (await this.views([n], em))[0] as object;
  }

  async views(nodes: ContainerNodeEntity[], em: EntityManager) {
    const blocks = nodes.length ? await em.find(IpBlockEntity, { where: { containerNodeId: In(nodes.map((n) => n.id)) } }) : [];
    return nodes.map((n) => {
      const ipBlocks = blocks
        .filter((b) => b.containerNodeId === n.id)
        .map((b) => ({ logicalSwitchId: b.logicalSwitchId, cidr: b.cidr }))
        .sort((a, b) => (a.logicalSwitchId + a.cidr).localeCompare(b.logicalSwitchId + b.cidr));
      const { fabricId, name, leafDeviceId, leafInterface, mode, asn, peerIp } = n;
      return { ...recordView(n), fabricId, name, leafDeviceId, leafInterface, mode, asn, peerIp, ipBlocks };
    });
  }

  where(q: ContainerNodeQuery) {
    return definedOnly({ fabricId: q.fabricId, leafDeviceId: q.leafDeviceId, name: q.name });
  }

  tenantOf() {
    return null;
  }

  async create(tx: IntentTransaction, dto: CreateContainerNodeDto): Promise<ContainerNodeEntity> {
    const fabric = await tx.ref(FabricEntity, dto.fabricId, 'fabricId', 'fabric');
    await assertUnique(tx, ContainerNodeEntity, { fabricId: fabric.id, name: dto.name }, 'name', `fabric ${fabric.name} already has a container node named ${dto.name}`);
    const node = tx.em.create(ContainerNodeEntity, { fabricId: fabric.id, name: dto.name, mode: dto.mode });
    await this.attach(tx, node, dto.leafDeviceId, dto.leafInterface);
    node.asn = await this.asnFor(tx, node, dto.asn);
    node.peerIp = dto.peerIp ? IpAddress.parse(dto.peerIp, 'peerIp').toString() : null;
    const saved = await tx.em.save(node);
    if (dto.ipBlocks) await this.replaceBlocks(tx, saved, dto.ipBlocks);
    return saved;
  }

  async update(tx: IntentTransaction, n: ContainerNodeEntity, dto: UpdateContainerNodeDto): Promise<ContainerNodeEntity> {
    if (dto.name && dto.name !== n.name) {
      await assertUnique(tx, ContainerNodeEntity, { fabricId: n.fabricId, name: dto.name }, 'name', `this fabric already has a container node named ${dto.name}`, n.id);
      n.name = dto.name;
    }
    const moving = (dto.leafDeviceId && dto.leafDeviceId !== n.leafDeviceId) || (dto.leafInterface && dto.leafInterface !== n.leafInterface);
    const remoding = dto.mode && dto.mode !== n.mode;
    if (moving || remoding) {
      const ports = await tx.em.countBy(LogicalPortEntity, { containerNodeId: n.id });
      if (ports) throw new ConflictError(`container node ${n.name} has ${ports} bound port(s); unbind them before changing its attachment or mode`, moving ? 'leafDeviceId' : 'mode');
    }
    if (moving) await this.attach(tx, n, dto.leafDeviceId ?? n.leafDeviceId, dto.leafInterface ?? n.leafInterface);
    if (dto.mode) n.mode = dto.mode;
    if (dto.asn !== undefined || remoding) n.asn = await this.asnFor(tx, n, dto.asn ?? (n.mode === 'l3-route' ? (n.asn ?? undefined) : undefined));
    if (dto.peerIp) n.peerIp = IpAddress.parse(dto.peerIp, 'peerIp').toString();
    const saved = await tx.em.save(n);
    if (dto.ipBlocks) await this.replaceBlocks(tx, saved, dto.ipBlocks);
    return saved;
  }

  async dependents(tx: IntentTransaction, n: ContainerNodeEntity): Promise<Dependent[]> {
    const ports = await tx.em.findBy(LogicalPortEntity, { containerNodeId: n.id });
    return ports.map((p) => ({ kind: 'logical-port', id: p.id, name: p.name, detach: (x: IntentTransaction) => unbindPort(x, p.id) }));
  }

  async beforeDelete(tx: IntentTransaction, n: ContainerNodeEntity): Promise<void> {
    await tx.em.delete(IpBlockEntity, { containerNodeId: n.id });
  }

  private async attach(tx: IntentTransaction, n: ContainerNodeEntity, leafDeviceId: string, leafInterface: string): Promise<void> {
    const leaf = await tx.ref(DeviceEntity, leafDeviceId, 'leafDeviceId', 'device');
    if (leaf.fabricId !== n.fabricId) throw new InvalidValueError(`device ${leaf.name} is in another fabric`, 'leafDeviceId');
    if (leaf.role !== 'leaf' && leaf.role !== 'border-leaf') throw new InvalidValueError(`device ${leaf.name} is a ${leaf.role}; container nodes attach to leaves`, 'leafDeviceId');
    const except = n.id ? { id: Not(n.id) } : {};
    const other = await tx.em.findOneBy(ContainerNodeEntity, { ...except, leafDeviceId: leaf.id, leafInterface });
    if (other) throw new ConflictError(`${leaf.name} ${leafInterface} already attaches container node ${other.name}`, 'leafInterface', { conflictingId: other.id });
    const link = await tx.em.findOne(LinkEntity, { where: [{ aDeviceId: leaf.id, aInterface: leafInterface }, { bDeviceId: leaf.id, bInterface: leafInterface }] });
    if (link) throw new ConflictError(`${leaf.name} ${leafInterface} is a fabric link`, 'leafInterface', { conflictingId: link.id });
    n.leafDeviceId = leaf.id;
    n.leafInterface = leafInterface;
  }

  private async asnFor(tx: IntentTransaction, n: ContainerNodeEntity, requested: number | undefined): Promise<number | null> {
    if (n.mode !== 'l3-route') {
      if (requested !== undefined) throw new InvalidValueError('asn applies to l3-route nodes, whose vswitch speaks BGP', 'asn');
      return null;
    }
    if (requested !== undefined) return requested;
    const used = await tx.em.find(ContainerNodeEntity, { where: { fabricId: n.fabricId }, select: { asn: true } });
    return allocateInteger(used.flatMap((u) => (u.asn === null ? [] : [u.asn])), NODE_ASN_MIN, NODE_ASN_MAX, 'private node ASN', 'asn');
  }

  /** The node's blocks become exactly the given set; ports on the node are re-checked for /32 exceptions. */
  private async replaceBlocks(tx: IntentTransaction, n: ContainerNodeEntity, blocks: IpBlockDto[]): Promise<void> {
    const parsed: { ls: LogicalSwitchEntity; cidr: Cidr }[] = [];
    for (const [i, b] of blocks.entries()) {
      const ls = await tx.ref(LogicalSwitchEntity, b.logicalSwitchId, `ipBlocks[${i}].logicalSwitchId`, 'logical switch');
      const vpc = await tx.em.findOneByOrFail(VpcEntity, { id: ls.vpcId });
      if (vpc.fabricId !== n.fabricId) throw new InvalidValueError(`logical switch ${ls.name} is on another fabric`, `ipBlocks[${i}].logicalSwitchId`);
      const cidr = Cidr.parse(b.cidr, `ipBlocks[${i}].cidr`);
      if (!Cidr.parse(ls.subnet).containsCidr(cidr)) throw new InvalidValueError(`block ${cidr} is not inside subnet ${ls.subnet} of logical switch ${ls.name}`, `ipBlocks[${i}].cidr`);
      const mine = parsed.find((p) => p.ls.id === ls.id && p.cidr.overlaps(cidr));
      if (mine) throw new ConflictError(`block ${cidr} overlaps ${mine.cidr} in the same request`, `ipBlocks[${i}].cidr`);
      const others = await tx.em.find(IpBlockEntity, { where: { logicalSwitchId: ls.id, containerNodeId: Not(n.id) } });
      const clash = others.find((o) => cidr.overlaps(Cidr.parse(o.cidr)));
      if (clash) throw new ConflictError(`block ${cidr} overlaps ${clash.cidr}, owned by another node`, `ipBlocks[${i}].cidr`, { conflictingId: clash.containerNodeId });
      parsed.push({ ls, cidr });
    }
    await tx.em.delete(IpBlockEntity, { containerNodeId: n.id });
    for (const { ls, cidr } of parsed) await tx.em.insert(IpBlockEntity, { containerNodeId: n.id, logicalSwitchId: ls.id, vpcId: ls.vpcId, cidr: cidr.toString() });
    await refreshRouteExceptions(tx, { containerNodeId: n.id });
  }
}
