import { Injectable } from '@nestjs/common';
import type { FabricSnapshot } from '#intent';
import {
  ContainerNodeEntity,
  DeviceEntity,
  ExternalGatewayEntity,
  FabricEntity,
  IntentHeadEntity,
  IpBlockEntity,
  LinkEntity,
  LogicalPortEntity,
  LogicalRouterEntity,
  LogicalSwitchEntity,
  SecurityPolicyEntity,
  VpcEntity,
} from '#persistence';
import { DataSource, type EntityManager, In } from 'typeorm';

/**
 * Reads one fabric's intent as a plain snapshot for the compiler, in one REPEATABLE READ
 * transaction so every collection is of the same revision.
 */
@Injectable()
export class SnapshotLoader {
  constructor(private readonly ds: DataSource) {}

  async load(fabricId: string): Promise<FabricSnapshot | null> {
    return this.ds.transaction('REPEATABLE READ', (em) => this.read(em, fabricId));
  }

  private async read(em: EntityManager, fabricId: string): Promise<FabricSnapshot | null> {
    const fabric = await em.findOneBy(FabricEntity, { id: fabricId });
    if (!fabric) return null;
    const head = await em.findOneByOrFail(IntentHeadEntity, { id: 1 });
    const devices = await em.findBy(DeviceEntity, { fabricId });
    const links = await em.findBy(LinkEntity, { fabricId });
    const vpcs = await em.findBy(VpcEntity, { fabricId });
    const containerNodes = await em.findBy(ContainerNodeEntity, { fabricId });
    const vpcIds = In(vpcs.map((v) => v.id));
    const none = vpcs.length === 0;
    const logicalSwitches = none ? [] : await em.findBy(LogicalSwitchEntity, { vpcId: vpcIds });
    const logicalRouters = none ? [] : await em.findBy(LogicalRouterEntity, { vpcId: vpcIds });
    const ports = none ? [] : await em.findBy(LogicalPortEntity, { vpcId: vpcIds });
    const securityPolicies = none ? [] : await em.findBy(SecurityPolicyEntity, { vpcId: vpcIds });
    const ipBlocks = none ? [] : await em.findBy(IpBlockEntity, { vpcId: vpcIds });
    const externalGateways = none ? [] : await em.findBy(ExternalGatewayEntity, { vpcId: vpcIds });
    return {
      revision: head.revision,
      fabric: { id: fabric.id, name: fabric.name, asn: fabric.asn, underlayProtocol: fabric.underlayProtocol, anycastGatewayMac: fabric.anycastGatewayMac },
      devices: devices.map(({ id, name, role, platform, asn, loopbackIp, vtepIp }) => ({ id, name, role, platform, asn, loopbackIp, vtepIp })),
      links: links.map(({ id, aDeviceId, aInterface, bDeviceId, bInterface }) => ({ id, aDeviceId, aInterface, bDeviceId, bInterface })),
      vpcs: vpcs.map(({ id, name, vrfName, l3Vni, routeDistinguisher, importRouteTargets, exportRouteTargets, cidrs, attachmentMode, routeSuppression, ipBlockPrefixLength }) => ({
        ...{ id, name, vrfName, l3Vni, routeDistinguisher, importRouteTargets, exportRouteTargets, cidrs },
        ...{ attachmentMode, routeSuppression, ipBlockPrefixLength },
      })),
      logicalSwitches: logicalSwitches.map(({ id, vpcId, name, l2Vni, subnet, gatewayIp, gatewayMac, arpSuppression, routeDistinguisher, importRouteTargets, exportRouteTargets }) => ({
        ...{ id, vpcId, name, l2Vni, subnet, gatewayIp, gatewayMac, arpSuppression },
        ...{ routeDistinguisher, importRouteTargets, exportRouteTargets },
      })),
      logicalRouters: logicalRouters.map(({ id, vpcId, name, interfaces, staticRoutes, interconnections }) => ({ id, vpcId, name, interfaces, staticRoutes, interconnections })),
      ports: ports.map(({ id, vpcId, logicalSwitchId, name, ip, mac, bindingKind, deviceId, interfaceName, vlan, containerNodeId, labels }) => ({
        ...{ id, vpcId, logicalSwitchId, name, ip, mac },
        ...{ bindingKind, deviceId, interfaceName, vlan, containerNodeId, labels },
      })),
      securityPolicies: securityPolicies.map(({ id, vpcId, name, appliesTo, rules, defaultAction }) => ({ id, vpcId, name, appliesTo, rules, defaultAction })),
      containerNodes: containerNodes.map(({ id, name, leafDeviceId, leafInterface, mode, asn, peerIp }) => ({ id, name, leafDeviceId, leafInterface, mode, asn, peerIp })),
      ipBlocks: ipBlocks.map(({ containerNodeId, logicalSwitchId, vpcId, cidr }) => ({ containerNodeId, logicalSwitchId, vpcId, cidr })),
      externalGateways: externalGateways.map(({ id, vpcId, name, borderLeafIds, snatPool, elasticIps }) => ({ id, vpcId, name, borderLeafIds, snatPool, elasticIps })),
    };
  }
}
