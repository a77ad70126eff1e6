import type { WritePart } from '#persistence';
import { type Facts, SUMMARY_TABLES, type SummaryTable } from '../domain/order-contribution.js';

/**
 * Adds rows of counters to the summary tables, one multi-row upsert per table, each a part of the
 * caller's one statement (SummaryTotals.upserts). Each key occurs once per statement (the caller sums first).
 * Rows go in key order and tables in a fixed order, so concurrent consumers touching the same rows
 * take their locks in one order: no deadlocks.
 * Counters travel as decimal strings into `numeric`/`bigint` arrays: exact at any size.
 */
const UPSERTS: Record<SummaryTable, string> = {
  throughput: `
    INSERT INTO analytics.throughput AS t (grain, bucket, brand_id, placed, picked_up, rejected, cancelled)
    SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
    ORDER BY 1, 2, 3
    ON CONFLICT (grain, bucket, brand_id) DO UPDATE SET placed = t.placed + excluded.placed,
      picked_up = t.picked_up + excluded.picked_up, rejected = t.rejected + excluded.rejected,
      cancelled = t.cancelled + excluded.cancelled`,
  durations: `
    INSERT INTO analytics.status_durations AS t (grain, bucket, brand_id, scope, status, sum_ms, count)
    SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::bigint[])
    ORDER BY 1, 4, 2, 3, 5
    ON CONFLICT (grain, scope, bucket, brand_id, status) DO UPDATE SET sum_ms = t.sum_ms + excluded.sum_ms,
      count = t.count + excluded.count`,
  punctuality: `
    INSERT INTO analytics.punctuality AS t (grain, bucket, brand_id, ready, on_time, late, lateness_ms)
    SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::numeric[])
    ORDER BY 1, 2, 3
    ON CONFLICT (grain, bucket, brand_id) DO UPDATE SET ready = t.ready + excluded.ready,
      on_time = t.on_time + excluded.on_time, late = t.late + excluded.late,
      lateness_ms = t.lateness_ms + excluded.lateness_ms`,
  statusCounts: `
    INSERT INTO analytics.status_counts AS t (brand_id, status, count)
    SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ORDER BY 1, 2
    ON CONFLICT (brand_id, status) DO UPDATE SET count = t.count + excluded.count`,
  processing: `
    INSERT INTO analytics.processing AS t (brand_id, count, sum_ms)
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::numeric[]) ORDER BY 1
    ON CONFLICT (brand_id) DO UPDATE SET count = t.count + excluded.count, sum_ms = t.sum_ms + excluded.sum_ms`,
  customers: `
    INSERT INTO analytics.customers AS t (customer_key, orders, total_micro, first_order_at, last_order_at)
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::numeric[], $4::timestamptz[], $5::timestamptz[]) ORDER BY 1
    ON CONFLICT (customer_key) DO UPDATE SET orders = t.orders + excluded.orders,
      total_micro = t.total_micro + excluded.total_micro,
      first_order_at = least(t.first_order_at, excluded.first_order_at),
      last_order_at = greatest(t.last_order_at, excluded.last_order_at)`,
  customerBrands: `
    INSERT INTO analytics.customer_brands AS t (brand_id, customer_key, orders, total_micro, first_order_at, last_order_at)
    SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::numeric[], $5::timestamptz[], $6::timestamptz[]) ORDER BY 1, 2
    ON CONFLICT (brand_id, customer_key) DO UPDATE SET orders = t.orders + excluded.orders,
      total_micro = t.total_micro + excluded.total_micro,
      first_order_at = least(t.first_order_at, excluded.first_order_at),
      last_order_at = greatest(t.last_order_at, excluded.last_order_at)`,
};

const CUSTOMER_TABLES = new Set<SummaryTable>(['customers', 'customerBrands']);

/**
 * Sums of facts per summary table; the customer tables also keep the first and last placedAt
 * of the orders that changed each row. What a batch of events (or a projection upgrade) adds, as
 * one upsert per table.
 */
export class SummaryTotals {
  private readonly facts = Object.fromEntries(SUMMARY_TABLES.map((t) => [t, {} as Facts])) as Record<SummaryTable, Facts>;
  private readonly times = new Map<string, [string, string]>();

  add(table: SummaryTable, facts: Facts, placedAt: string | null): void {
    for (const [key, values] of Object.entries(facts)) this.addRow(table, key, values, placedAt);
  }

  addRow(table: SummaryTable, key: string, values: bigint[], placedAt: string | null): void {
    const row = (this.facts[table][key] ??= values.map(() => 0n));
    values.forEach((v, i) => (row[i] += v));
    if (CUSTOMER_TABLES.has(table) && placedAt) {
      const timeKey = `${table}${key}`;
      const seen = this.times.get(timeKey);
      if (!seen) this.times.set(timeKey, [placedAt, placedAt]);
      else this.times.set(timeKey, [placedAt < seen[0] ? placedAt : seen[0], placedAt > seen[1] ? placedAt : seen[1]]);
    }
  }

  /**
   * Every row with a non-zero counter, as one upsert per table in the tables' fixed order (none for
   * a table without rows): parts of one statement (`writeBatch`). The counters travel as arrays, so
   * even an upgrade's tens of thousands of rows bind a handful of parameters.
   */
  upserts(): (WritePart | null)[] {
    return SUMMARY_TABLES.map((table) => upsertOf(table, this.rowsOf(table)));
  }

  private rowsOf(table: SummaryTable): unknown[][] {
    return Object.entries(this.facts[table])
      .filter(([, values]) => values.some((v) => v !== 0n))
      .map(([k, values]) => {
        const extra = CUSTOMER_TABLES.has(table) ? (this.times.get(`${table}${k}`) ?? [null, null]) : [];
        return [...(JSON.parse(k) as unknown[]), ...values.map(String), ...extra];
      });
  }
}

/** One table's upsert of these rows, its parameters the rows' columns; none for no rows. */
function upsertOf(table: SummaryTable, rows: unknown[][]): WritePart | null {
  return rows.length === 0 ? null : { sql: UPSERTS[table], params: rows[0]!.map((_, c) => rows.map((row) => row[c])) };
}
