import { type DynamicModule, Module } from '@nestjs/common';
import { migratedTypeOrmModule } from '#persistence';
import { IngestBatchService } from './ingest/ingest-batch.service.js';
import { analyticsDataSourceSpec } from './persistence/analytics-data-source.js';
import { AnalyticsReader } from './persistence/analytics-reader.js';
import { ProjectionUpgradeService } from './projection/projection-upgrade.service.js';
import { GetCustomerService } from './queries/get-customer/get-customer.service.js';
import { StatusDurationsService } from './queries/status-durations/status-durations.service.js';
import { SummaryService } from './queries/summary/summary.service.js';
import { PunctualityService } from './queries/punctuality/punctuality.service.js';
import { ThroughputService } from './queries/throughput/throughput.service.js';
import { TopCustomersService } from './queries/top-customers/top-customers.service.js';
import { RebuildService } from './rebuild/rebuild.service.js';

const SERVICES = [
  IngestBatchService,
  RebuildService,
  StatusDurationsService,
  ThroughputService,
  PunctualityService,
  TopCustomersService,
  GetCustomerService,
  SummaryService,
];

/** The analytics schema and use cases; needs APP_CONFIG (AppConfigModule.forRoot) in the application. */
@Module({})
export class AnalyticsModule {
  static forRoot(): DynamicModule {
    return {
      module: AnalyticsModule,
      imports: [migratedTypeOrmModule((config) => analyticsDataSourceSpec(config.databaseUrl))],
      providers: [AnalyticsReader, ProjectionUpgradeService, ...SERVICES],
      exports: SERVICES,
    };
  }
}
