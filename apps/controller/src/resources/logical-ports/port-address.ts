import { randomBytes } from 'node:crypto';
import { Cidr, ConflictError, ExhaustedError, InvalidValueError, IpAddress, MacAddress } from '#domain';
import { allocateBlocks, allocateIp } from '#ipam';
import { ContainerNodeEntity, IpBlockEntity, LogicalPortEntity, type LogicalSwitchEntity, type VpcEntity } from '#persistence';
import { Not } from 'typeorm';
import type { IntentTransaction } from '../../intent/intent-transaction.js';

/** A fixed IP must be a usable host of the subnet, not the gateway, and unique in the switch. */
export async function checkFixedIp(tx: IntentTransaction, ls: LogicalSwitchEntity, raw: string, portId?: string): Promise<string> {
  const ip = IpAddress.parse(raw, 'ip');
  const subnet = Cidr.parse(ls.subnet);
  if (!subnet.contains(ip) || ip.toBigInt() < subnet.firstHost().toBigInt() || ip.toBigInt() > subnet.lastHost().toBigInt()) {
    throw new InvalidValueError(`${ip} is not a usable host address of subnet ${subnet} (logical switch ${ls.name})`, 'ip');
  }
  if (ip.toString() === ls.gatewayIp) throw new ConflictError(`${ip} is the anycast gateway of logical switch ${ls.name}`, 'ip');
  const clash = await tx.em.findOneBy(LogicalPortEntity, { logicalSwitchId: ls.id, ip: ip.toString(), ...(portId ? { id: Not(portId) } : {}) });
  if (clash) throw new ConflictError(`${ip} is already used by port ${clash.name} on logical switch ${ls.name}`, 'ip', { conflictingId: clash.id });
  return ip.toString();
}

/**
 * Lowest free address of the subnet; under route suppression from the node's own blocks, carving
 * a new block for the node when its blocks are full (so its pods stay inside one aggregate).
 */
export async function allocatePortIp(tx: IntentTransaction, vpc: VpcEntity, ls: LogicalSwitchEntity, containerNodeId: string | null): Promise<string> {
  const subnet = Cidr.parse(ls.subnet);
  const ports = await tx.em.find(LogicalPortEntity, { where: { logicalSwitchId: ls.id }, select: { ip: true } });
  const used = [ls.gatewayIp, ...ports.map((p) => p.ip)];
  if (!vpc.routeSuppression || !containerNodeId) return allocateIp(subnet, used).toString();

  const lsBlocks = await tx.em.findBy(IpBlockEntity, { logicalSwitchId: ls.id });
  const mine = lsBlocks.filter((b) => b.containerNodeId === containerNodeId).map((b) => Cidr.parse(b.cidr));
  if (mine.length) {
    try {
      return allocateIp(subnet, used, { within: mine }).toString();
    } catch (e) {
      if (!(e instanceof ExhaustedError)) throw e;
    }
  }
  const prefix = Math.max(vpc.ipBlockPrefixLength, subnet.prefixLength);
  let block: Cidr;
  try {
    [block] = allocateBlocks(subnet, prefix, lsBlocks.map((b) => Cidr.parse(b.cidr)), 1) as [Cidr];
  } catch (e) {
    if (e instanceof ExhaustedError) throw new ExhaustedError(`no free /${prefix} block left in ${subnet} (logical switch ${ls.name}) for this node`, 'ip');
    throw e;
  }
  await addBlock(tx, containerNodeId, ls, block);
  return allocateIp(subnet, used, { within: [block] }).toString();
}

/** Hand a block to a node, recorded as a change of the node. */
export async function addBlock(tx: IntentTransaction, containerNodeId: string, ls: LogicalSwitchEntity, block: Cidr): Promise<void> {
  const node = await tx.em.findOneByOrFail(ContainerNodeEntity, { id: containerNodeId });
  const before = await tx.snapshot('container-node', node);
  await tx.em.insert(IpBlockEntity, { containerNodeId, logicalSwitchId: ls.id, vpcId: ls.vpcId, cidr: block.toString() });
  await tx.track('container-node', 'update', node, before);
}

export async function checkOrMakeMac(tx: IntentTransaction, ls: LogicalSwitchEntity, raw: string | undefined, portId?: string): Promise<string> {
  const except = portId ? { id: Not(portId) } : {};
  if (raw !== undefined) {
    const mac = MacAddress.parse(raw, 'mac', { unicast: true }).toString();
    const clash = await tx.em.findOneBy(LogicalPortEntity, { logicalSwitchId: ls.id, mac, ...except });
    if (clash) throw new ConflictError(`MAC ${mac} is already used by port ${clash.name} on logical switch ${ls.name}`, 'mac', { conflictingId: clash.id });
    return mac;
  }
  for (;;) {
    // Locally administered, unicast: 02:xx:xx:xx:xx:xx.
    const mac = ['02', ...[...randomBytes(5)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
    if (!(await tx.em.existsBy(LogicalPortEntity, { logicalSwitchId: ls.id, mac }))) return mac;
  }
}
