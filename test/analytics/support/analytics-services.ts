import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { openMigrated } from '#persistence';
import { IngestBatchService } from '../../../apps/analytics/src/ingest/ingest-batch.service.js';
import { createAnalyticsDataSource } from '../../../apps/analytics/src/persistence/analytics-data-source.js';
import { AnalyticsReader } from '../../../apps/analytics/src/persistence/analytics-reader.js';
import { GetCustomerService } from '../../../apps/analytics/src/queries/get-customer/get-customer.service.js';
import { StatusDurationsService } from '../../../apps/analytics/src/queries/status-durations/status-durations.service.js';
import { PunctualityService } from '../../../apps/analytics/src/queries/punctuality/punctuality.service.js';
import { SummaryService } from '../../../apps/analytics/src/queries/summary/summary.service.js';
import { ThroughputService } from '../../../apps/analytics/src/queries/throughput/throughput.service.js';
import { TopCustomersService } from '../../../apps/analytics/src/queries/top-customers/top-customers.service.js';
import { RebuildService } from '../../../apps/analytics/src/rebuild/rebuild.service.js';
import { createScratchDatabase } from '../../orders/support/orders-test-kit.js';

const TABLES = ['throughput', 'status_durations', 'punctuality', 'status_counts', 'processing', 'customers', 'customer_brands'];

/** The analytics use cases on a migrated scratch database of their own, without the broker. */
export async function analyticsServices(suffix: string) {
  Logger.overrideLogger(false);
  const db = await createScratchDatabase(suffix);
  const ds: DataSource = await openMigrated(createAnalyticsDataSource(db.url, 4));
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const reader = new AnalyticsReader({ databaseUrl: db.url });
  return {
    db,
    ds,
    sql,
    ingest: new IngestBatchService(ds),
    rebuild: new RebuildService(ds),
    summary: new SummaryService(reader),
    throughput: new ThroughputService(reader),
    punctuality: new PunctualityService(reader),
    durations: new StatusDurationsService(reader),
    topCustomers: new TopCustomersService(reader),
    customer: new GetCustomerService(reader),
    async close() {
      await sql.end();
      await reader.onApplicationShutdown();
      await ds.destroy();
      await db.drop();
    },
  };
}

/** Every summary table, rows with any non-zero counter, in key order: what "row for row" compares. */
export async function snapshot(db: pg.Client): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const { rows } = await db.query(`SELECT * FROM analytics.${table}`);
    out[table] = rows
      .filter((r) =>
        Object.entries(r).some(
          ([k, v]) => /count|placed|picked|rejected|cancelled|orders|sum_ms|total|ready/.test(k) && Number(v) !== 0,
        ),
      )
      .map((r) => JSON.stringify(r))
      .sort();
  }
  return out;
}

/** Averages and amounts to 6 decimals: the service divides exact sums, the test sums doubles. */
export const round = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v), (k, x) => (typeof x === 'number' && /average|total/i.test(k) ? Number(x.toFixed(6)) : x));
