import { DataSource, type MixedList } from 'typeorm';
import type { DataSourceOptions } from 'typeorm';

type PostgresConnectionOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

export type PersistenceSchema = 'orders' | 'analytics' | 'webhooks';

export interface DataSourceSpec {
  url: string;
  schema: PersistenceSchema;
  /** Explicit class lists: globs do not load ES modules. */
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  /** Connections in the pool; the design measured 16 as where PostgreSQL throughput levels off. */
  poolSize?: number;
  applicationName?: string;
}

export const DEFAULT_POOL_SIZE = 16;

/** Options of a PostgreSQL DataSource bound to one schema; tables only ever change through migrations. */
export function dataSourceOptions(spec: DataSourceSpec): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url: spec.url,
    schema: spec.schema,
    applicationName: spec.applicationName ?? `oms-${spec.schema}`,
    entities: spec.entities,
    migrations: spec.migrations,
    migrationsTableName: `${spec.schema}_migrations`,
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    poolSize: spec.poolSize ?? DEFAULT_POOL_SIZE,
    connectTimeoutMS: 10_000,
  };
}

/** A DataSource outside Nest (scripts, benchmarks, persistence tests). */
export function createDataSource(spec: DataSourceSpec): DataSource {
  return new DataSource(dataSourceOptions(spec));
}

/**
 * Brings the schema up to date. Replicas starting together queue on a session advisory lock,
 * so exactly one applies each migration and the others find nothing left to do.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = schemaOf(dataSource);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}

function schemaOf(dataSource: DataSource): string {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema || !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`DataSource has no usable schema: ${schema}`);
  return schema;
}

/**
 * Connects and migrates; every replica does this at start-up and the advisory lock in
 * runMigrations lets one of them apply each migration. A failed migration closes the pool.
 */
export async function openMigrated(dataSource: DataSource): Promise<DataSource> {
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
