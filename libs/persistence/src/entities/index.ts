export * from './api-token.entity.js';
export * from './base.entity.js';
export * from './container-node.entity.js';
export * from './device.entity.js';
export * from './device-config.entity.js';
export * from './device-host-key.entity.js';
export * from './device-interface.entity.js';
export * from './device-snmp-settings.entity.js';
export * from './external-gateway.entity.js';
export * from './fabric.entity.js';
export * from './intent-head.entity.js';
export * from './ip-block.entity.js';
export * from './link.entity.js';
export * from './logical-port.entity.js';
export * from './logical-router.entity.js';
export * from './logical-switch.entity.js';
export * from './revision.entity.js';
export * from './security-policy.entity.js';
export * from './tenant.entity.js';
export * from './vni-allocation.entity.js';
export * from './vpc.entity.js';

import { ApiTokenEntity } from './api-token.entity.js';
import { ContainerNodeEntity } from './container-node.entity.js';
import { DeviceEntity } from './device.entity.js';
import { DeviceConfigEntity } from './device-config.entity.js';
import { DeviceHostKeyEntity } from './device-host-key.entity.js';
import { DeviceInterfaceEntity } from './device-interface.entity.js';
import { DeviceSnmpSettingsEntity } from './device-snmp-settings.entity.js';
import { ExternalGatewayEntity } from './external-gateway.entity.js';
import { FabricEntity } from './fabric.entity.js';
import { IntentHeadEntity } from './intent-head.entity.js';
import { IpBlockEntity } from './ip-block.entity.js';
import { LinkEntity } from './link.entity.js';
import { LogicalPortEntity } from './logical-port.entity.js';
import { LogicalRouterEntity } from './logical-router.entity.js';
import { LogicalSwitchEntity } from './logical-switch.entity.js';
import { RevisionEntity } from './revision.entity.js';
import { SecurityPolicyEntity } from './security-policy.entity.js';
import { TenantEntity } from './tenant.entity.js';
import { VniAllocationEntity } from './vni-allocation.entity.js';
import { VpcEntity } from './vpc.entity.js';

export const ALL_ENTITIES = [
  ApiTokenEntity,
  ContainerNodeEntity,
  DeviceConfigEntity,
  DeviceEntity,
  DeviceHostKeyEntity,
  DeviceInterfaceEntity,
  DeviceSnmpSettingsEntity,
  ExternalGatewayEntity,
  FabricEntity,
  IntentHeadEntity,
  IpBlockEntity,
  LinkEntity,
  LogicalPortEntity,
  LogicalRouterEntity,
  LogicalSwitchEntity,
  RevisionEntity,
  SecurityPolicyEntity,
  TenantEntity,
  VniAllocationEntity,
  VpcEntity,
];
