import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '#migrations';
import { ALL_ENTITIES } from './entities/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export interface DatabaseOptions {
  url: string;
  /** Pool size; the embedded server's connection limit must exceed it. */
  poolSize?: number;
}

/** One place that says how Spinel talks to PostgreSQL: entities, migrations, never `synchronize`. */
export function dataSourceOptions(opts: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: opts.url,
    entities: ALL_ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'spinel_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL ≥ 13, so no extension is installed.
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    // SPINEL_SQL_LOG=1 prints every statement: the quickest way to see what a request did.
    logging: process.env.SPINEL_SQL_LOG ? ['query', 'error'] : ['error'],
    extra: { max: opts.poolSize ?? 10, connectionTimeoutMillis: 10_000 },
  };
}

export function createDataSource(opts: DatabaseOptions): DataSource {
  return new DataSource(dataSourceOptions(opts));
}

/** Apply pending migrations; returns the names applied. */
export async function migrate(ds: DataSource): Promise<string[]> {
  const applied = await ds.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

export async function hasPendingMigrations(ds: DataSource): Promise<boolean> {
  return ds.showMigrations();
}
