import { Injectable } from '@nestjs/common';
import { ConflictError, IpAddress } from '#domain';
import { allocateInteger } from '#ipam';
import { ContainerNodeEntity, DeviceEntity, ExternalGatewayEntity, FabricEntity, LinkEntity, LogicalPortEntity } from '#persistence';
import { ArrayContains } from 'typeorm';
import { CredentialVault } from '../../credentials/credential-vault.js';
import { applyPatch, assertUnique, definedOnly, recordView } from '../../intent/checks.js';
import type { IntentTransaction } from '../../intent/intent-transaction.js';
import type { Dependent, ResourceHooks } from '../../intent/resource-hooks.js';
import type { CreateDeviceDto, DeviceQuery, UpdateDeviceDto } from './device.dto.js';

/** Private 4-byte ASNs handed to leaves under an eBGP underlay (RFC 6996). */
const LEAF_ASN_MIN = 4_200_000_000;
const LEAF_ASN_MAX = 4_200_999_999;

@Injectable()
export class DeviceResource implements ResourceHooks<DeviceEntity, CreateDeviceDto, UpdateDeviceDto, DeviceQuery> {
  readonly kind = 'device';
  readonly label = 'device';
  readonly entity = DeviceEntity;

  constructor(private readonly vault: CredentialVault) {}

  view(d: DeviceEntity) {
    const { fabricId, name, role, platform, managementHost, managementPort, username, asn, loopbackIp, vtepIp } = d;
    return { ...recordView(d), fabricId, name, role, platform, managementHost, managementPort, username, hasPassword: d.passwordSealed !== null, asn, loopbackIp, vtepIp };
  }

  where(q: DeviceQuery) {
    return definedOnly({ fabricId: q.fabricId, role: q.role, name: q.name });
  }

  tenantOf() {
    return null;
  }

  async create(tx: IntentTransaction, dto: CreateDeviceDto): Promise<DeviceEntity> {
    const fabric = await tx.ref(FabricEntity, dto.fabricId, 'fabricId', 'fabric');
    await assertUnique(tx, DeviceEntity, { fabricId: fabric.id, name: dto.name }, 'name', `fabric ${fabric.name} already has a device named ${dto.name}`);
    const loopbackIp = IpAddress.parse(dto.loopbackIp, 'loopbackIp').toString();
    await assertUnique(tx, DeviceEntity, { fabricId: fabric.id, loopbackIp }, 'loopbackIp', `loopback ${loopbackIp} is already used in fabric ${fabric.name}`);
    const d = tx.em.create(DeviceEntity, {
      fabricId: fabric.id,
      name: dto.name,
      role: dto.role,
      platform: dto.platform,
      managementHost: dto.managementHost,
      managementPort: dto.managementPort ?? (dto.platform === 'ce-cli' ? 22 : 830),
      username: dto.username,
      passwordSealed: dto.password === undefined ? null : this.vault.seal(dto.password),
      asn: dto.asn ?? (await this.defaultAsn(tx, fabric, dto.role)),
      loopbackIp,
      vtepIp: dto.vtepIp ? IpAddress.parse(dto.vtepIp, 'vtepIp').toString() : dto.role === 'spine' ? null : loopbackIp,
    });
    return tx.em.save(d);
  }

  async update(tx: IntentTransaction, d: DeviceEntity, dto: UpdateDeviceDto): Promise<DeviceEntity> {
    if (dto.name && dto.name !== d.name) {
      await assertUnique(tx, DeviceEntity, { fabricId: d.fabricId, name: dto.name }, 'name', `this fabric already has a device named ${dto.name}`, d.id);
    }
    if (dto.loopbackIp) {
      dto.loopbackIp = IpAddress.parse(dto.loopbackIp, 'loopbackIp').toString();
      await assertUnique(tx, DeviceEntity, { fabricId: d.fabricId, loopbackIp: dto.loopbackIp }, 'loopbackIp', `loopback ${dto.loopbackIp} is already used in this fabric`, d.id);
    }
    if (dto.vtepIp) dto.vtepIp = IpAddress.parse(dto.vtepIp, 'vtepIp').toString();
    // A VTEP that followed the loopback keeps following it.
    else if (dto.loopbackIp && d.vtepIp === d.loopbackIp) dto.vtepIp = dto.loopbackIp;
    if (dto.role && dto.role !== d.role) await checkRoleChange(tx, d, dto.role);
    applyPatch(d, dto, ['name', 'role', 'platform', 'managementHost', 'managementPort', 'username', 'asn', 'loopbackIp', 'vtepIp']);
    if (dto.password !== undefined) d.passwordSealed = this.vault.seal(dto.password);
    return tx.em.save(d);
  }

  async dependents(tx: IntentTransaction, d: DeviceEntity): Promise<Dependent[]> {
    // One transaction is one connection: queries run one after another.
    const links = await tx.em.find(LinkEntity, { where: [{ aDeviceId: d.id }, { bDeviceId: d.id }] });
    const nodes = await tx.em.find(ContainerNodeEntity, { where: { leafDeviceId: d.id } });
    const ports = await tx.em.find(LogicalPortEntity, { where: { deviceId: d.id } });
    const gateways = await tx.em.find(ExternalGatewayEntity, { where: { borderLeafIds: ArrayContains([d.id]) } });
    return [
      ...links.map((l) => ({ kind: 'link', id: l.id, name: `${l.aInterface}↔${l.bInterface}` })),
      ...nodes.map((n) => ({ kind: 'container-node', id: n.id, name: n.name })),
      // Tenants' objects are not deleted with a switch: cascading only unbinds or unlists it.
      ...ports.map((p) => ({ kind: 'logical-port', id: p.id, name: p.name, detach: (x: IntentTransaction) => unbindPort(x, p.id) })),
      ...gateways.map((g) => ({ kind: 'external-gateway', id: g.id, name: g.name, detach: (x: IntentTransaction) => dropBorderLeaf(x, g.id, d.id) })),
    ];
  }

  /** eBGP underlay: spines share the fabric ASN, every other switch gets its own private ASN. */
  private async defaultAsn(tx: IntentTransaction, fabric: FabricEntity, role: DeviceEntity['role']): Promise<number> {
    if (fabric.underlayProtocol === 'ibgp' || role === 'spine') return fabric.asn;
    const used = await tx.em.find(DeviceEntity, { where: { fabricId: fabric.id }, select: { asn: true } });
    return allocateInteger(
      used.map((u) => u.asn),
      LEAF_ASN_MIN,
      LEAF_ASN_MAX,
      'private leaf ASN',
      'asn',
    );
  }
}

/** What a device carries must stay legal for its new role: access ports on leaves, gateways on border leaves. */
async function checkRoleChange(tx: IntentTransaction, d: DeviceEntity, role: DeviceEntity['role']): Promise<void> {
  if (role !== 'leaf' && role !== 'border-leaf') {
    // One after the other: queries of one transaction share a connection.
    const nodes = await tx.em.countBy(ContainerNodeEntity, { leafDeviceId: d.id });
    const ports = await tx.em.countBy(LogicalPortEntity, { deviceId: d.id });
    if (nodes || ports) {
      throw new ConflictError(`device ${d.name} attaches ${nodes} container node(s) and ${ports} port(s); a ${role} carries no access ports, so move them first`, 'role');
    }
  }
  if (d.role === 'border-leaf' && role !== 'border-leaf') {
    const gateway = await tx.em.findOne(ExternalGatewayEntity, { where: { borderLeafIds: ArrayContains([d.id]) } });
    if (gateway) throw new ConflictError(`border leaf ${d.name} carries external gateway ${gateway.name}; remove it from the gateway first`, 'role', { conflictingId: gateway.id });
  }
}

async function unbindPort(tx: IntentTransaction, portId: string): Promise<void> {
  const p = await tx.em.findOneBy(LogicalPortEntity, { id: portId });
  if (!p) return;
  const before = await tx.snapshot('logical-port', p);
  Object.assign(p, { bindingKind: null, deviceId: null, interfaceName: null, vlan: null, containerNodeId: null, routeException: false });
  await tx.track('logical-port', 'update', await tx.em.save(p), before);
}

async function dropBorderLeaf(tx: IntentTransaction, gatewayId: string, deviceId: string): Promise<void> {
  const g = await tx.em.findOneBy(ExternalGatewayEntity, { id: gatewayId });
  if (!g) return;
  const before = await tx.snapshot('external-gateway', g);
  g.borderLeafIds = g.borderLeafIds.filter((id) => id !== deviceId);
  await tx.track('external-gateway', 'update', await tx.em.save(g), before);
}

export { unbindPort };
