import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '#persistence';
import { AuthGuard } from './auth/auth.guard.js';
import { TokenService } from './auth/token.service.js';
import { SPINEL_CONFIG, type SpinelConfig } from './config.js';
import { CompilerController } from './compiler/compiler.controller.js';
import { CompilerService } from './compiler/compiler.service.js';
import { SnapshotLoader } from './compiler/snapshot.loader.js';
import { CredentialVault } from './credentials/credential-vault.js';
import { HealthController } from './health/health.controller.js';
import { HostKeyController } from './host-keys/host-key.controller.js';
import { DeviceTargets } from './host-keys/device-targets.js';
import { HostKeyService } from './host-keys/host-key.service.js';
import { IntentWriter } from './intent/intent-writer.js';
import { JOB_PROVIDERS, OPERATIONS_CONTROLLERS, jobImports } from './jobs/jobs.providers.js';
import { RESOURCE_HOOKS, type ResourceHooks } from './intent/resource-hooks.js';
import { ResourceService } from './intent/resource.service.js';
import { ViewRegistry } from './intent/view-registry.js';
import { ProblemFilter } from './common/problem.filter.js';
import { PROVISIONING_CONTROLLERS, PROVISIONING_PROVIDERS } from './provisioning/provisioning.providers.js';
import { RESOURCE_CONTROLLERS, RESOURCE_HOOK_TYPES } from './resources/resource-routes.js';
import { RevisionsController, RevisionsService } from './revisions/revisions.controller.js';
import { RollbackService } from './revisions/rollback.service.js';
import { SNMP_CONTROLLERS, SNMP_PROVIDERS } from './snmp/snmp.providers.js';
import { CLUSTER_CONTROLLERS, CLUSTER_PROVIDERS } from './cluster/cluster.providers.js';
import { DRIFT_CONTROLLERS, DRIFT_PROVIDERS } from './drift/drift.providers.js';
import { TokensController, WhoAmIController } from './tokens/tokens.controller.js';
import { TokensService } from './tokens/tokens.service.js';

export interface AppModuleOptions {
  config: SpinelConfig;
  /** The PostgreSQL URL to use (the real one, or the embedded server's). */
  databaseUrl: string;
  /** Connection attempts before start-up fails (tests: 1). */
  databaseRetries?: number;
}

@Module({})
export class AppModule {
  static register(opts: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions({ url: opts.databaseUrl, poolSize: 10 }),
          retryAttempts: opts.databaseRetries ?? 10,
          retryDelay: 1000,
        }),
        ...jobImports(opts.config, opts.databaseUrl),
      ],
      controllers: [HealthController, CompilerController, HostKeyController, ...RESOURCE_CONTROLLERS, RevisionsController, TokensController, WhoAmIController, ...SNMP_CONTROLLERS, ...OPERATIONS_CONTROLLERS, ...PROVISIONING_CONTROLLERS, ...CLUSTER_CONTROLLERS, ...DRIFT_CONTROLLERS],
      providers: [
        { provide: SPINEL_CONFIG, useValue: opts.config },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        TokenService,
        TokensService,
        RevisionsService,
        RollbackService,
        CredentialVault,
        SnapshotLoader,
        HostKeyService,
        DeviceTargets,
        CompilerService,
        IntentWriter,
        ResourceService,
        ViewRegistry,
        ...RESOURCE_HOOK_TYPES,
        ...SNMP_PROVIDERS,
        ...JOB_PROVIDERS,
        ...PROVISIONING_PROVIDERS,
        ...CLUSTER_PROVIDERS,
        ...DRIFT_PROVIDERS,
        {
          provide: RESOURCE_HOOKS,
          useFactory: (...hooks: ResourceHooks[]) => hooks,
          inject: RESOURCE_HOOK_TYPES,
        },
      ],
    };
  }
}
