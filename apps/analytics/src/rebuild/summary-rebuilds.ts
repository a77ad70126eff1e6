/**
 * One statement per summary table: its rows, computed from the work tables of staging.ts, in the
 * column order of `columns`. The rebuild inserts each into a fresh copy of its table and swaps the
 * copies in together; a new summary table needs one more entry here (and its work table, if any).
 */
import { counting, KIND } from './staging.js';

export interface SummaryRebuild {
  table: string;
  columns: string;
  select: string;
}

const QUARTER_HOUR = 900_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** `ms` (whole milliseconds since the epoch) down to a multiple of `size`, before 1970 too. */
const floorTo = (ms: string, size: number) => `(${ms} - ((${ms} % ${size}) + ${size}) % ${size})`;
/** Milliseconds since the epoch as an instant (bigint times an interval: exact below 2^53 µs). */
const instantOf = (ms: string) => `(timestamptz 'epoch' + ${ms} * interval '1 millisecond')`;

/** Text values in byte order, which is the order of the database's collation (C.UTF-8) too. */
const bytes = (column: string) => `${column} COLLATE "C"`;

/**
 * The primary key's order (grain, then `order`: key columns and `m`, the bucket) packed into one
 * bigint: grain, scope ('item' before 'order'), the brand's rank in byte order, the quarter hour. A
 * sort by it compares integers where one by the key columns reads each row's text behind its
 * varlena `grain`; they follow it only to break its ties, and order everything where it cannot pack
 * (0: a scope or a time outside its range), which costs time and never a wrong row.
 */
function packedOrder(order: string[]): string {
  const scoped = order.includes('scope');
  const quarter = `(m / ${QUARTER_HOUR} + ${2n ** 39n})`;
  return `CASE WHEN b.rank < ${2n ** 20n} AND ${quarter} BETWEEN 0 AND ${2n ** 40n - 1n}${scoped ? ` AND scope IN ('item', 'order')` : ''}
    THEN (CASE grain WHEN 'd' THEN 0 WHEN 'h' THEN 1 ELSE 2 END)::bigint * ${2n ** 61n}
      ${scoped ? `+ (scope = 'order')::int::bigint * ${2n ** 60n}` : ''} + b.rank * ${2n ** 40n} + ${quarter} ELSE 0 END`;
}

/**
 * Rows summed into UTC quarter hours ('q'), hours ('h') and days ('d') in one pass over the source
 * (grouping sets: each row goes into three hash tables, rather than quarter hours being kept and
 * read twice more): `keys` are the other key columns, `sums` the aggregates, `at_ms` the source's
 * time in milliseconds, integer arithmetic throughout. The rows come in the order of the table's
 * primary key (`order`, after grain), so that its index builds find them sorted: a check of each
 * row against the next instead of a sort of them all.
 */
function quarterHoursHoursDays(source: string, keys: string[], sums: string[], order: string[]): string {
  const k = keys.join(', ');
  return `
    SELECT grain, ${instantOf('m')}, ${k}, ${sums.map((_, i) => `c${i}`).join(', ')}
    FROM (
      SELECT CASE WHEN GROUPING(q) = 0 THEN 'q' WHEN GROUPING(h) = 0 THEN 'h' ELSE 'd' END AS grain, coalesce(q, h, d) AS m, ${k},
        ${sums.map((sum, i) => `${sum} AS c${i}`).join(', ')}
      FROM (
        SELECT x.*, ${floorTo('at_ms', QUARTER_HOUR)} AS q, ${floorTo('at_ms', HOUR)} AS h, ${floorTo('at_ms', DAY)} AS d
        FROM (${source}) x
      ) y
      GROUP BY GROUPING SETS ((q, ${k}), (h, ${k}), (d, ${k}))
    ) z LEFT JOIN analytics.rebuild_brands b USING (brand)
    ORDER BY ${packedOrder(order)}, ${['grain', ...order].map((c) => (c === 'm' ? c : bytes(c))).join(', ')}`;
}

export const SUMMARY_REBUILDS: SummaryRebuild[] = [
  {
    table: 'throughput',
    columns: 'grain, bucket, brand_id, placed, picked_up, rejected, cancelled',
    select: quarterHoursHoursDays(
      `SELECT brand, placed_ms AS at_ms, 1 AS placed, 0 AS picked_up, 0 AS rejected, 0 AS cancelled FROM analytics.rebuild_orders
       UNION ALL
       SELECT brand, at_ms, 0, (to_status = 'PICKED_UP')::int, (to_status = 'REJECTED')::int, (to_status = 'CANCELLED')::int
       FROM ${counting(KIND.status)} AND to_status IN ('PICKED_UP', 'REJECTED', 'CANCELLED')`,
      ['brand'],
      ['sum(placed)', 'sum(picked_up)', 'sum(rejected)', 'sum(cancelled)'],
      ['brand', 'm'],
    ),
  },
  {
    // A duration belongs to the bucket in which the status was left.
    table: 'status_durations',
    columns: 'grain, bucket, brand_id, scope, status, sum_ms, count',
    select: quarterHoursHoursDays(
      `SELECT brand, 'order' AS scope, left_status AS status, since_ms, at_ms FROM ${counting(KIND.status)}
       UNION ALL
       SELECT brand, 'item', left_status, since_ms, at_ms FROM analytics.rebuild_item_moves`,
      ['brand', 'scope', 'status'],
      ['sum(at_ms - since_ms)', 'count(*)'],
      ['scope', 'brand', 'm', 'status'],
    ),
  },
  {
    // On time when READY came no later than the promise in force then; lateness over the late ones.
    table: 'punctuality',
    columns: 'grain, bucket, brand_id, ready, on_time, late, lateness_ms',
    select: quarterHoursHoursDays(
      `SELECT brand, at_ms, (at_ms <= in_force_ms)::int AS on_time, (at_ms > in_force_ms)::int AS late,
         greatest(at_ms - in_force_ms, 0) AS lateness
       FROM ${counting(KIND.status)} AND to_status = 'READY' AND in_force_ms IS NOT NULL`,
      ['brand'],
      ['count(*)', 'sum(on_time)', 'sum(late)', 'sum(lateness)'],
      ['brand', 'm'],
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
    select: `SELECT brand, count(*), sum(at_ms - placed_ms) FROM ${counting(KIND.status)} AND to_status = 'PICKED_UP' GROUP BY 1`,
  },
  {
    table: 'customers',
    columns: 'customer_key, orders, total_micro, first_order_at, last_order_at',
    select: `SELECT customer_key, count(*), sum(total_micro), ${instantOf('min(placed_ms)')}, ${instantOf('max(placed_ms)')}
             FROM analytics.rebuild_orders WHERE customer_key IS NOT NULL GROUP BY 1`,
  },
  {
    table: 'customer_brands',
    columns: 'brand_id, customer_key, orders, total_micro, first_order_at, last_order_at',
    select: `SELECT brand, customer_key, count(*), sum(total_micro), ${instantOf('min(placed_ms)')}, ${instantOf('max(placed_ms)')}
             FROM analytics.rebuild_orders WHERE customer_key IS NOT NULL GROUP BY 1, 2`,
  },
];
