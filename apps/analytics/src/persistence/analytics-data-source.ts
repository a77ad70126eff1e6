import { createDataSource, type DataSourceSpec } from '#persistence';
import type { DataSource } from 'typeorm';
import { AnalyticsInitial1767398400000 } from './migrations/1767398400000-analytics-initial.js';
import { AnalyticsPerBrandUnbounded1767484800000 } from './migrations/1767484800000-analytics-per-brand-unbounded.js';
import { AnalyticsQuarterHours1768100000000 } from './migrations/1768100000000-analytics-quarter-hours.js';
import { AnalyticsPunctuality1768250000000 } from './migrations/1768250000000-analytics-punctuality.js';
import { AnalyticsOrderFolds1768520000000 } from './migrations/1768520000000-analytics-order-folds.js';
import { AnalyticsTimeOrderedKeys1768640000000 } from './migrations/1768640000000-analytics-time-ordered-keys.js';

export const ANALYTICS_MIGRATIONS = [
  AnalyticsInitial1767398400000,
  AnalyticsPerBrandUnbounded1767484800000,
  AnalyticsQuarterHours1768100000000,
  AnalyticsPunctuality1768250000000,
  AnalyticsOrderFolds1768520000000,
  AnalyticsTimeOrderedKeys1768640000000,
];

/** Plain SQL throughout (set-based upserts), so no entities. */
export function analyticsDataSourceSpec(url: string, poolSize?: number): DataSourceSpec {
  return { url, schema: 'analytics', entities: [], migrations: ANALYTICS_MIGRATIONS, poolSize };
}

export function createAnalyticsDataSource(url: string, poolSize?: number): DataSource {
  return createDataSource(analyticsDataSourceSpec(url, poolSize));
}
