import { Cidr } from '#domain';
import { IpBlockEntity, LogicalPortEntity, VpcEntity } from '#persistence';
import type { FindOptionsWhere } from 'typeorm';
import type { IntentTransaction } from '../../intent/intent-transaction.js';

/**
 * Under route suppression a node advertises only its block aggregates. A pod whose IP lies outside
 * its node's blocks (a fixed IP that moved) is reachable only through its own /32: an exception.
 */
export function isRouteException(vpc: VpcEntity, port: Pick<LogicalPortEntity, 'ip' | 'bindingKind' | 'containerNodeId'>, nodeBlocks: readonly string[]): boolean {
  if (!vpc.routeSuppression || port.bindingKind !== 'container-node' || !port.containerNodeId) return false;
  return !nodeBlocks.some((b) => Cidr.parse(b).contains(port.ip));
}

export async function blocksOf(tx: IntentTransaction, containerNodeId: string, logicalSwitchId: string): Promise<string[]> {
  const blocks = await tx.em.findBy(IpBlockEntity, { containerNodeId, logicalSwitchId });
  return blocks.map((b) => b.cidr);
}

/** Recompute the exception flag of every port matching `where`, recording each one that flips. */
export async function refreshRouteExceptions(tx: IntentTransaction, where: FindOptionsWhere<LogicalPortEntity>): Promise<void> {
  const ports = await tx.em.findBy(LogicalPortEntity, where);
  const vpcs = new Map<string, VpcEntity>();
  const blocks = new Map<string, string[]>();
  for (const p of ports) {
    const vpc = vpcs.get(p.vpcId) ?? (await tx.em.findOneByOrFail(VpcEntity, { id: p.vpcId }));
    vpcs.set(vpc.id, vpc);
    const key = `${p.containerNodeId}/${p.logicalSwitchId}`;
    const nodeBlocks = p.containerNodeId ? (blocks.get(key) ?? (await blocksOf(tx, p.containerNodeId, p.logicalSwitchId))) : [];
    blocks.set(key, nodeBlocks);
    const exception = isRouteException(vpc, p, nodeBlocks);
    if (exception === p.routeException) continue;
    const before = await tx.snapshot('logical-port', p);
    p.routeException = exception;
    await tx.track('logical-port', 'update', await tx.em.save(p), before);
  }
}
