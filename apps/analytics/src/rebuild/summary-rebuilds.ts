/**
 * One statement per summary table: its rows, computed from the work tables of staging.ts, in the
 * column order of `columns`. The rebuild inserts each into a fresh copy of its table and swaps the
 * copies in together; a new summary table needs one more entry here (and its work table, if any).
 */
export interface SummaryRebuild {
  table: string;
  columns: string;
  select: string;
}

const EPOCH = `timestamptz '1970-01-01 00:00:00+00'`;
/** Whole milliseconds apart (both ends are): a double holds them exactly, and is faster than numeric. */
const millisBetween = (from: string, to: string) => `round(date_part('epoch', ${to} - ${from}) * 1000)::bigint`;

/**
 * Rows summed into UTC quarter hours ('q'), then the quarter hours into hours ('h') and days ('d'),
 * which nest in them: `keys` are the other key columns, `sums` the summed counters.
 */
function quarterHoursHoursDays(source: string, keys: string[], sums: string[]): string {
  const k = keys.join(', ');
  const s = sums.map((_, i) => `sum(c${i})`).join(', ');
  return `
    WITH q AS (
      SELECT date_bin('15 minutes', at, ${EPOCH}) AS bucket, ${k}, ${sums.map((sum, i) => `${sum} AS c${i}`).join(', ')}
      FROM (${source}) x GROUP BY 1, ${keys.map((_, i) => i + 2).join(', ')}
    )
    SELECT 'q', bucket, ${k}, ${sums.map((_, i) => `c${i}`).join(', ')} FROM q
    UNION ALL SELECT 'h', date_bin('1 hour', bucket, ${EPOCH}), ${k}, ${s} FROM q GROUP BY 2, ${k}
    UNION ALL SELECT 'd', date_bin('1 day', bucket, ${EPOCH}), ${k}, ${s} FROM q GROUP BY 2, ${k}`;
}

export const SUMMARY_REBUILDS: SummaryRebuild[] = [
  {
    table: 'throughput',
    columns: 'grain, bucket, brand_id, placed, picked_up, rejected, cancelled',
    select: quarterHoursHoursDays(
      `SELECT brand, placed_at AS at, 1 AS placed, 0 AS picked_up, 0 AS rejected, 0 AS cancelled FROM analytics.rebuild_orders
       UNION ALL
       SELECT brand, at, 0, (to_status = 'PICKED_UP')::int, (to_status = 'REJECTED')::int, (to_status = 'CANCELLED')::int
       FROM analytics.rebuild_moves WHERE to_status IN ('PICKED_UP', 'REJECTED', 'CANCELLED')`,
      ['brand'],
      ['sum(placed)', 'sum(picked_up)', 'sum(rejected)', 'sum(cancelled)'],
    ),
  },
  {
    // A duration belongs to the bucket in which the status was left.
    table: 'status_durations',
    columns: 'grain, bucket, brand_id, scope, status, sum_ms, count',
    select: quarterHoursHoursDays(
      `SELECT brand, 'order' AS scope, left_status AS status, since, at FROM analytics.rebuild_moves
       UNION ALL
       SELECT brand, 'item', left_status, since, at FROM analytics.rebuild_item_moves`,
      ['brand', 'scope', 'status'],
      [`sum(${millisBetween('since', 'at')})`, 'count(*)'],
    ),
  },
  {
    // On time when READY came no later than the promise in force then; lateness over the late ones.
    table: 'punctuality',
    columns: 'grain, bucket, brand_id, ready, on_time, late, lateness_ms',
    select: quarterHoursHoursDays(
      `SELECT brand, at, (at <= promised)::int AS on_time, (at > promised)::int AS late,
         CASE WHEN at > promised THEN ${millisBetween('promised', 'at')} ELSE 0 END AS lateness
       FROM analytics.rebuild_readies`,
      ['brand'],
      ['count(*)', 'sum(on_time)', 'sum(late)', 'sum(lateness)'],
    ),
  },
  {
    table: 'status_counts',
    columns: 'brand_id, status, count',
    select: `SELECT brand, status, count(*) FROM analytics.rebuild_orders GROUP BY 1, 2`,
  },
  {
    table: 'processing',
    columns: 'brand_id, count, sum_ms',
    select: `SELECT brand, count(*), sum(${millisBetween('placed_at', 'at')})
             FROM analytics.rebuild_moves WHERE to_status = 'PICKED_UP' GROUP BY 1`,
  },
  {
    table: 'customers',
    columns: 'customer_key, orders, total_micro, first_order_at, last_order_at',
    select: `SELECT customer_key, count(*), sum(total_micro), min(placed_at), max(placed_at)
             FROM analytics.rebuild_orders WHERE customer_key IS NOT NULL GROUP BY 1`,
  },
  {
    table: 'customer_brands',
    columns: 'brand_id, customer_key, orders, total_micro, first_order_at, last_order_at',
    select: `SELECT brand, customer_key, count(*), sum(total_micro), min(placed_at), max(placed_at)
             FROM analytics.rebuild_orders WHERE customer_key IS NOT NULL GROUP BY 1, 2`,
  },
];
