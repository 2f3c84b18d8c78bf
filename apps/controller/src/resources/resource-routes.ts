import type { Type } from '@nestjs/common';
import { CrudController, type CrudRoute } from '../intent/crud.controller.js';
import type { ResourceHooks } from '../intent/resource-hooks.js';
import { ContainerNodeQuery, CreateContainerNodeDto, UpdateContainerNodeDto } from './container-nodes/container-node.dto.js';
import { ContainerNodeResource } from './container-nodes/container-node.resource.js';
import { CreateDeviceDto, DeviceQuery, UpdateDeviceDto } from './devices/device.dto.js';
import { DeviceResource } from './devices/device.resource.js';
import { CreateExternalGatewayDto, ExternalGatewayQuery, UpdateExternalGatewayDto } from './external-gateways/external-gateway.dto.js';
import { ExternalGatewayResource } from './external-gateways/external-gateway.resource.js';
import { CreateFabricDto, FabricQuery, UpdateFabricDto } from './fabrics/fabric.dto.js';
import { FabricResource } from './fabrics/fabric.resource.js';
import { CreateLinkDto, LinkQuery, UpdateLinkDto } from './links/link.dto.js';
import { LinkResource } from './links/link.resource.js';
import { CreateLogicalPortDto, LogicalPortQuery, UpdateLogicalPortDto } from './logical-ports/logical-port.dto.js';
import { LogicalPortResource } from './logical-ports/logical-port.resource.js';
import { CreateLogicalRouterDto, LogicalRouterQuery, UpdateLogicalRouterDto } from './logical-routers/logical-router.dto.js';
import { LogicalRouterResource } from './logical-routers/logical-router.resource.js';
import { CreateLogicalSwitchDto, LogicalSwitchQuery, UpdateLogicalSwitchDto } from './logical-switches/logical-switch.dto.js';
import { LogicalSwitchResource } from './logical-switches/logical-switch.resource.js';
import { CreateSecurityPolicyDto, SecurityPolicyQuery, UpdateSecurityPolicyDto } from './security-policies/security-policy.dto.js';
import { SecurityPolicyResource } from './security-policies/security-policy.resource.js';
import { CreateTenantDto, TenantQuery, UpdateTenantDto } from './tenants/tenant.dto.js';
import { TenantResource } from './tenants/tenant.resource.js';
import { CreateVpcDto, UpdateVpcDto, VpcQuery } from './vpcs/vpc.dto.js';
import { VpcResource } from './vpcs/vpc.resource.js';

interface IntentKind extends CrudRoute {
  hooks: Type<ResourceHooks>;
}

/** Every intent kind the REST API serves, with its hooks and DTOs: the single list to extend. */
const KINDS: IntentKind[] = [
  { kind: 'fabric', path: 'fabrics', tag: 'Fabrics', label: 'fabric', hooks: FabricResource, create: CreateFabricDto, update: UpdateFabricDto, query: FabricQuery },
  { kind: 'device', path: 'devices', tag: 'Devices', label: 'device', hooks: DeviceResource, create: CreateDeviceDto, update: UpdateDeviceDto, query: DeviceQuery },
  { kind: 'link', path: 'links', tag: 'Links', label: 'link', hooks: LinkResource, create: CreateLinkDto, update: UpdateLinkDto, query: LinkQuery },
  { kind: 'tenant', path: 'tenants', tag: 'Tenants', label: 'tenant', hooks: TenantResource, create: CreateTenantDto, update: UpdateTenantDto, query: TenantQuery },
  { kind: 'vpc', path: 'vpcs', tag: 'VPCs', label: 'VPC', hooks: VpcResource, create: CreateVpcDto, update: UpdateVpcDto, query: VpcQuery },
  {
    kind: 'logical-switch',
    path: 'logical-switches',
    tag: 'Logical switches',
    label: 'logical switch',
    hooks: LogicalSwitchResource,
    create: CreateLogicalSwitchDto,
    update: UpdateLogicalSwitchDto,
    query: LogicalSwitchQuery,
  },
  {
    kind: 'logical-router',
    path: 'logical-routers',
    tag: 'Logical routers',
    label: 'logical router',
    hooks: LogicalRouterResource,
    create: CreateLogicalRouterDto,
    update: UpdateLogicalRouterDto,
    query: LogicalRouterQuery,
  },
  {
    kind: 'logical-port',
    path: 'logical-ports',
    tag: 'Logical ports',
    label: 'logical port',
    hooks: LogicalPortResource,
    create: CreateLogicalPortDto,
    update: UpdateLogicalPortDto,
    query: LogicalPortQuery,
  },
  {
    kind: 'security-policy',
    path: 'security-policies',
    tag: 'Security policies',
    label: 'security policy',
    hooks: SecurityPolicyResource,
    create: CreateSecurityPolicyDto,
    update: UpdateSecurityPolicyDto,
    query: SecurityPolicyQuery,
  },
  {
    kind: 'container-node',
    path: 'container-nodes',
    tag: 'Container nodes',
    label: 'container node',
    hooks: ContainerNodeResource,
    create: CreateContainerNodeDto,
    update: UpdateContainerNodeDto,
    query: ContainerNodeQuery,
  },
  {
    kind: 'external-gateway',
    path: 'external-gateways',
    tag: 'External gateways',
    label: 'external gateway',
    hooks: ExternalGatewayResource,
    create: CreateExternalGatewayDto,
    update: UpdateExternalGatewayDto,
    query: ExternalGatewayQuery,
  },
];

export const RESOURCE_HOOK_TYPES: Type<ResourceHooks>[] = KINDS.map((k) => k.hooks);
export const RESOURCE_CONTROLLERS: Type<unknown>[] = KINDS.map((k) => CrudController(k));
