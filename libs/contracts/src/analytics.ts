import type { OrderStatus } from './statuses.js';

/** Queues of the analytics service: its own copy of `orders.events`, and gateway -> analytics reads. */
export const ANALYTICS_EVENTS_QUEUE = 'analytics.events';
export const ANALYTICS_QUERY_QUEUE = 'analytics.queries';

export const AnalyticsQueries = {
  statusDurations: 'analytics.status-durations',
  throughput: 'analytics.throughput',
  customers: 'analytics.customers',
  customer: 'analytics.customer',
  summary: 'analytics.summary',
  punctuality: 'analytics.punctuality',
  rebuild: 'analytics.rebuild',
} as const;

export const ANALYTICS_SCOPES = ['order', 'item'] as const;
export type AnalyticsScope = (typeof ANALYTICS_SCOPES)[number];
export const ANALYTICS_GRANULARITIES = ['hour', 'day', 'week', 'month'] as const;
export type AnalyticsGranularity = (typeof ANALYTICS_GRANULARITIES)[number];

/** Largest ranges one request may ask for (CONTRACT sections 3 and 10; all four in local-buckets.ts). */
export const MAX_HOUR_BUCKETS = 744;
export const MAX_DAY_BUCKETS = 3_660;
/** The zone of a request without `tz`. */
export const DEFAULT_ANALYTICS_ZONE = 'UTC';
export const DEFAULT_CUSTOMERS_LIMIT = 100;
export const MAX_CUSTOMERS_LIMIT = 1_000;

/**
 * The caller's brand scope, sent with every analytics query of a brand-scoped key: when present,
 * only orders of these brands count in any figure. A `brandId` filter, if also given, lies within it
 * (the gateway refuses one outside with 403 before asking).
 */
export interface BrandScope {
  brandIds?: string[];
}

/** `from` and `to` are UTC instants on local boundaries of `tz`, checked by the gateway. */
export interface StatusDurationsQuery extends BrandScope {
  from: string;
  to: string;
  /** UTC when absent. */
  tz?: string;
  scope: AnalyticsScope;
  brandId?: string;
}
export interface StatusDurationsView {
  from: string;
  to: string;
  tz: string;
  scope: AnalyticsScope;
  statuses: { status: string; count: number; averageSeconds: number | null }[];
}

export interface ThroughputQuery extends BrandScope {
  from: string;
  to: string;
  granularity: AnalyticsGranularity;
  /** UTC when absent. */
  tz?: string;
  brandId?: string;
}
export interface ThroughputBucket {
  /** UTC, `Z`. */
  start: string;
  /** The same instant with the zone's offset. */
  localStart: string;
  placed: number;
  pickedUp: number;
  rejected: number;
  cancelled: number;
}
export interface ThroughputView {
  granularity: AnalyticsGranularity;
  tz: string;
  buckets: ThroughputBucket[];
}

/** Punctuality takes the query of throughput (CONTRACT section 6). */
export type PunctualityQuery = ThroughputQuery;
export interface PunctualityBucket {
  start: string;
  localStart: string;
  /** Orders that entered READY in the bucket with a promised ready time. */
  ready: number;
  /** Of those, READY no later than the promise as it stood then. */
  onTime: number;
  late: number;
  /** Mean lateness of the late ones; null when none was late. */
  averageLatenessSeconds: number | null;
}
export interface PunctualityView {
  granularity: AnalyticsGranularity;
  tz: string;
  buckets: PunctualityBucket[];
}

export interface CustomerLifetime {
  customerId: string;
  orders: number;
  firstOrderAt: string;
  lastOrderAt: string;
  totalAmount: number;
}
export interface TopCustomersQuery extends BrandScope {
  limit: number;
}
export interface CustomerQuery extends BrandScope {
  customerId: string;
}

export interface SummaryQuery extends BrandScope {
  brandId?: string;
}
export interface SummaryView {
  ordersByStatus: Record<OrderStatus, number>;
  completedOrders: number;
  averageProcessingSeconds: number | null;
}

export interface RebuildOutcome {
  orders: number;
  events: number;
  tookMs: number;
}

/** Payload and answer of each analytics query; `null` from `customer` means "no such customer". */
export interface AnalyticsMessageMap {
  [AnalyticsQueries.statusDurations]: { payload: StatusDurationsQuery; result: StatusDurationsView };
  [AnalyticsQueries.throughput]: { payload: ThroughputQuery; result: ThroughputView };
  [AnalyticsQueries.customers]: { payload: TopCustomersQuery; result: { items: CustomerLifetime[] } };
  [AnalyticsQueries.customer]: { payload: CustomerQuery; result: CustomerLifetime | null };
  [AnalyticsQueries.summary]: { payload: SummaryQuery; result: SummaryView };
  [AnalyticsQueries.punctuality]: { payload: PunctualityQuery; result: PunctualityView };
  [AnalyticsQueries.rebuild]: { payload: Record<string, never>; result: RebuildOutcome };
}
export type AnalyticsMessagePattern = keyof AnalyticsMessageMap;
