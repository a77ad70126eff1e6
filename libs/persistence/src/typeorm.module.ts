import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#config';
import { type DataSourceSpec, dataSourceOptions, openMigrated } from './data-source.js';

/**
 * The service's DataSource through @nestjs/typeorm (injectable as `DataSource`, closed on shutdown
 * after every `beforeApplicationShutdown`), opened by `openMigrated` so that the schema is brought up
 * to date by migrations, never by `synchronize`. A database still starting (or refusing connections for a while) is retried for about a minute.
 */
export function migratedTypeOrmModule(spec: (config: AppConfig) => DataSourceSpec): DynamicModule {
  return TypeOrmModule.forRootAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({ ...dataSourceOptions(spec(config)), retryAttempts: 30, retryDelay: 2_000 }),
    dataSourceFactory: async (options) => {
      if (!options) throw new Error('migratedTypeOrmModule: no data source options');
      return openMigrated(new DataSource(options));
    },
  });
}
