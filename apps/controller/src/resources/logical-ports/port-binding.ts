import { ConflictError, InvalidValueError } from '#domain';
import { allocateInteger } from '#ipam';
import { ContainerNodeEntity, DeviceEntity, FabricEntity, LinkEntity, LogicalPortEntity, type LogicalSwitchEntity, type VpcEntity } from '#persistence';
import { Not } from 'typeorm';
import type { IntentTransaction } from '../../intent/intent-transaction.js';
import type { PortBindingDto } from './logical-port.dto.js';

export interface ResolvedBinding {
  bindingKind: LogicalPortEntity['bindingKind'];
  deviceId: string | null;
  interfaceName: string | null;
  vlan: number | null;
  containerNodeId: string | null;
}

export const UNBOUND: ResolvedBinding = { bindingKind: null, deviceId: null, interfaceName: null, vlan: null, containerNodeId: null };

/** Check a binding against the VPC and fabric, and settle its VLAN on the leaf interface. */
export async function resolveBinding(tx: IntentTransaction, vpc: VpcEntity, ls: LogicalSwitchEntity, b: PortBindingDto, portId?: string): Promise<ResolvedBinding> {
  if (b.kind === 'leaf-interface') {
    if (!b.deviceId || !b.interfaceName) throw new InvalidValueError('a leaf-interface binding needs deviceId and interfaceName', 'binding');
    if (b.containerNodeId) throw new InvalidValueError('a leaf-interface binding takes no containerNodeId', 'binding.containerNodeId');
    const leaf = await tx.ref(DeviceEntity, b.deviceId, 'binding.deviceId', 'device');
    checkLeaf(leaf, vpc, 'binding.deviceId');
    const link = await tx.em.findOne(LinkEntity, {
      where: [
        { aDeviceId: leaf.id, aInterface: b.interfaceName },
        { bDeviceId: leaf.id, bInterface: b.interfaceName },
      ],
    });
    if (link) throw new ConflictError(`${leaf.name} ${b.interfaceName} is a fabric link, not an access port`, 'binding.interfaceName', { conflictingId: link.id });
    const vlan = await settleVlan(tx, leaf, b.interfaceName, ls, b.vlan, portId);
    return { bindingKind: 'leaf-interface', deviceId: leaf.id, interfaceName: b.interfaceName, vlan, containerNodeId: null };
  }
  if (!b.containerNodeId) throw new InvalidValueError('a container-node binding needs containerNodeId', 'binding.containerNodeId');
  if (b.deviceId || b.interfaceName) throw new InvalidValueError("a container-node binding takes no deviceId or interfaceName: the node's leaf attachment is used", 'binding');
  const node = await tx.ref(ContainerNodeEntity, b.containerNodeId, 'binding.containerNodeId', 'container node');
  if (node.fabricId !== vpc.fabricId) throw new InvalidValueError(`container node ${node.name} is in another fabric than VPC ${vpc.name}`, 'binding.containerNodeId');
  if (node.mode !== vpc.attachmentMode) {
    throw new InvalidValueError(`container node ${node.name} attaches in ${node.mode} mode but VPC ${vpc.name} uses ${vpc.attachmentMode}`, 'binding.containerNodeId');
  }
  if (node.mode === 'l3-route') {
    if (b.vlan !== undefined) throw new InvalidValueError('in l3-route mode the node routes; a port binding takes no VLAN', 'binding.vlan');
    return { ...UNBOUND, bindingKind: 'container-node', containerNodeId: node.id };
  }
  const leaf = await tx.em.findOneByOrFail(DeviceEntity, { id: node.leafDeviceId });
  const vlan = await settleVlan(tx, leaf, node.leafInterface, ls, b.vlan, portId);
  return { ...UNBOUND, bindingKind: 'container-node', containerNodeId: node.id, vlan };
}

function checkLeaf(d: DeviceEntity, vpc: VpcEntity, field: string): void {
  if (d.role !== 'leaf' && d.role !== 'border-leaf') throw new InvalidValueError(`device ${d.name} is a ${d.role}; ports attach to leaves`, field);
  if (d.fabricId !== vpc.fabricId) throw new InvalidValueError(`device ${d.name} is in another fabric than VPC ${vpc.name}`, field);
}

/**
 * VLANs are significant per leaf interface: one logical switch ↔ one VLAN there. Reuse the VLAN the
 * logical switch already has on that interface, else take the requested one or the lowest free.
 */
async function settleVlan(tx: IntentTransaction, leaf: DeviceEntity, iface: string, ls: LogicalSwitchEntity, requested: number | undefined, portId?: string): Promise<number> {
  const node = await tx.em.findOneBy(ContainerNodeEntity, { leafDeviceId: leaf.id, leafInterface: iface });
  const except = portId ? { id: Not(portId) } : {};
  const sharing = await tx.em.find(LogicalPortEntity, {
    where: [{ ...except, deviceId: leaf.id, interfaceName: iface }, ...(node ? [{ ...except, containerNodeId: node.id }] : [])],
    select: { vlan: true, logicalSwitchId: true },
  });
  const mine = sharing.find((p) => p.logicalSwitchId === ls.id && p.vlan !== null)?.vlan ?? null;
  if (mine !== null) {
    if (requested !== undefined && requested !== mine) {
      throw new ConflictError(`logical switch ${ls.name} already uses VLAN ${mine} on ${leaf.name} ${iface}`, 'binding.vlan');
    }
    return mine;
  }
  const taken = new Set(sharing.filter((p) => p.vlan !== null).map((p) => p.vlan as number));
  if (requested !== undefined) {
    if (taken.has(requested)) throw new ConflictError(`VLAN ${requested} on ${leaf.name} ${iface} already carries another logical switch`, 'binding.vlan');
    return requested;
  }
  const fabric = await tx.em.findOneByOrFail(FabricEntity, { id: leaf.fabricId });
  return allocateInteger(taken, fabric.vlanMin, fabric.vlanMax, `VLAN on ${leaf.name} ${iface}`, 'binding.vlan');
}
