import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#config';
import { openMigrated } from '#persistence';
import { IngestBatchService } from './ingest/ingest-batch.service.js';
import { createAnalyticsDataSource } from './persistence/analytics-data-source.js';
import { GetCustomerService } from './queries/get-customer/get-customer.service.js';
import { StatusDurationsService } from './queries/status-durations/status-durations.service.js';
import { SummaryService } from './queries/summary/summary.service.js';
import { ThroughputService } from './queries/throughput/throughput.service.js';
import { TopCustomersService } from './queries/top-customers/top-customers.service.js';
import { RebuildService } from './rebuild/rebuild.service.js';

const SERVICES = [
  IngestBatchService,
  RebuildService,
  StatusDurationsService,
  ThroughputService,
  TopCustomersService,
  GetCustomerService,
  SummaryService,
];

/** The analytics schema and use cases; needs APP_CONFIG (ConfigModule.forRoot) in the application. */
@Module({})
export class AnalyticsModule implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  static forRoot(options: { poolSize?: number } = {}): DynamicModule {
    return {
      module: AnalyticsModule,
      providers: [
        {
          provide: DataSource,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => openMigrated(createAnalyticsDataSource(config.databaseUrl, options.poolSize)),
        },
        ...SERVICES,
      ],
      exports: [DataSource, ...SERVICES],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
