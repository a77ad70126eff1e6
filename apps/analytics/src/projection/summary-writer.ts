import type { Sql } from '#persistence';
import type { Facts, SummaryTable } from './order-contribution.js';

/**
 * Adds rows of counters to the summary tables. Rows go in key order and tables in a fixed order,
 * so concurrent consumers touching the same rows take their locks in one order: no deadlocks.
 * Rows are passed as one JSON array, which keeps every statement a single round trip.
 */
const UPSERTS: Record<SummaryTable, string> = {
  throughput: `
    INSERT INTO analytics.throughput AS t (grain, bucket, brand_id, placed, picked_up, rejected, cancelled)
    SELECT r->>0, (r->>1)::timestamptz, r->>2, (r->>3)::bigint, (r->>4)::bigint, (r->>5)::bigint, (r->>6)::bigint
    FROM jsonb_array_elements($1::jsonb) r ORDER BY 1, 3, 2
    ON CONFLICT (grain, brand_id, bucket) DO UPDATE SET placed = t.placed + excluded.placed,
      picked_up = t.picked_up + excluded.picked_up, rejected = t.rejected + excluded.rejected,
      cancelled = t.cancelled + excluded.cancelled`,
  durations: `
    INSERT INTO analytics.status_durations AS t (grain, bucket, brand_id, scope, status, sum_ms, count)
    SELECT r->>0, (r->>1)::timestamptz, r->>2, r->>3, r->>4, (r->>5)::bigint, (r->>6)::bigint
    FROM jsonb_array_elements($1::jsonb) r ORDER BY 1, 4, 3, 2, 5
    ON CONFLICT (grain, scope, brand_id, bucket, status) DO UPDATE SET sum_ms = t.sum_ms + excluded.sum_ms,
      count = t.count + excluded.count`,
  statusCounts: `
    INSERT INTO analytics.status_counts AS t (brand_id, status, count)
    SELECT r->>0, r->>1, (r->>2)::bigint FROM jsonb_array_elements($1::jsonb) r ORDER BY 1, 2
    ON CONFLICT (brand_id, status) DO UPDATE SET count = t.count + excluded.count`,
  processing: `
    INSERT INTO analytics.processing AS t (brand_id, count, sum_ms)
    SELECT r->>0, (r->>1)::bigint, (r->>2)::bigint FROM jsonb_array_elements($1::jsonb) r ORDER BY 1
    ON CONFLICT (brand_id) DO UPDATE SET count = t.count + excluded.count, sum_ms = t.sum_ms + excluded.sum_ms`,
  customers: `
    INSERT INTO analytics.customers AS t (customer_key, orders, total_micro, first_order_at, last_order_at)
    SELECT r->>0, (r->>1)::bigint, (r->>2)::bigint, (r->>3)::timestamptz, (r->>4)::timestamptz
    FROM jsonb_array_elements($1::jsonb) r ORDER BY 1
    ON CONFLICT (customer_key) DO UPDATE SET orders = t.orders + excluded.orders,
      total_micro = t.total_micro + excluded.total_micro,
      first_order_at = least(t.first_order_at, excluded.first_order_at),
      last_order_at = greatest(t.last_order_at, excluded.last_order_at)`,
};

/** Summary rows as the writer takes them: key columns then counters (customers: then first and last placedAt). */
export type SummaryRows = Record<SummaryTable, unknown[][]>;

export const rowsOf = (facts: Facts, extra: (key: unknown[]) => unknown[] = () => []): unknown[][] =>
  Object.entries(facts).map(([k, values]) => {
    const key = JSON.parse(k) as unknown[];
    return [...key, ...values, ...extra(key)];
  });

export async function addToSummaries(sql: Sql, rows: SummaryRows, batch = 5_000): Promise<void> {
  for (const table of Object.keys(UPSERTS) as SummaryTable[]) {
    const all = rows[table];
    for (let i = 0; i < all.length; i += batch) {
      await sql.affected(UPSERTS[table], [JSON.stringify(all.slice(i, i + batch))]);
    }
  }
}
