import 'reflect-metadata';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type EmbeddedPostgres, migrate, startEmbeddedPostgres } from '#persistence';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { TokenService } from './auth/token.service.js';
import { jsonBody, requireJson } from './common/http-middleware.js';
import type { SpinelConfig } from './config.js';

export interface RunningController {
  app: INestApplication;
  url: string;
  /** 'postgres' (DATABASE_URL) or 'embedded' (PGlite under the data directory). */
  database: 'postgres' | 'embedded';
  /** The admin token generated on the very first start, to print once; undefined otherwise. */
  generatedAdminToken?: string;
  migrationsApplied: string[];
  close(): Promise<void>;
}

export interface StartOptions {
  databaseRetries?: number;
  logger?: false | ('error' | 'warn' | 'log')[];
}

/** Start the controller: database (real or embedded), migrations, first admin token, HTTP. */
export async function startController(config: SpinelConfig, opts: StartOptions = {}): Promise<RunningController> {
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'pgdata') });
    databaseUrl = embedded.url;
  }
  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(AppModule.register({ config, databaseUrl: databaseUrl as string, databaseRetries: opts.databaseRetries }), {
      logger: opts.logger ?? ['error', 'warn', 'log'],
      bodyParser: false,
    });
    configureHttp(app);
    const ds = app.get(DataSource);
    const migrationsApplied = await migrate(ds);
    const { generated } = await app.get(TokenService).bootstrapAdmin(config.adminToken);
    await app.listen(config.port, config.host);
    const address = app.getHttpServer().address() as { port: number };
    const running = app;
    return {
      app,
      url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${address.port}`,
      database: embedded ? 'embedded' : 'postgres',
      generatedAdminToken: generated,
      migrationsApplied,
      close: async () => {
        await running.close();
        await embedded?.stop();
      },
    };
  } catch (e) {
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw e;
  }
}

function configureHttp(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', { exclude: ['healthz', 'readyz'] });
  const express = app.getHttpAdapter().getInstance() as import('express').Express;
  express.disable('x-powered-by');
  express.set('etag', false); // ETags are the objects' versions, set explicitly.
  app.use(requireJson);
  app.use(jsonBody());
  const doc = new DocumentBuilder()
    .setTitle('Spinel')
    .setDescription('Intent API of the Spinel fabric controller: fabrics, devices, tenants, VPCs, logical switches, routers, ports, policies.')
    .setVersion('v1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/openapi.json', raw: ['json'] });
}
