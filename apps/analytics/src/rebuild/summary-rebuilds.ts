/**
 * The statements of each summary table: its rows, computed from the work tables of staging.ts, in
 * the column order of `columns`. The rebuild inserts each into a fresh copy of its table and swaps the
 * copies in together; a new summary table needs one more entry here (and its work table, if any).
 */
import { ITEM_STATUSES, ORDER_STATUSES } from '#contracts';
import { counting, KIND } from './staging.js';
import { NEXT } from './table-swap.js';

export interface SummaryRebuild {
  table: string;
  columns: string;
  /** Statements whose rows go in one after another, in the order of the table's primary key. */
  select: string | string[];
  /** A work table `select` reads (`quartersOf(table)`), made first by CREATE TABLE AS, grouping by sort. */
  quarters?: string;
}

/** The unlogged work table of a summary's quarter hours, dropped once its rows are in: one per table, as tables are built at once. */
export const quartersOf = (table: string) => `rebuild_quarters_${table}`;

const QUARTER_HOUR = 900_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** `ms` (whole milliseconds since the epoch) down to a multiple of `size`, before 1970 too. */
const floorTo = (ms: string, size: number) => `(${ms} - ((${ms} % ${size}) + ${size}) % ${size})`;
/** Milliseconds since the epoch as an instant (bigint times an interval: exact below 2^53 µs). */
const instantOf = (ms: string) => `(timestamptz 'epoch' + ${ms} * interval '1 millisecond')`;

/** Text values in byte order, which is the order of the database's collation (C.UTF-8) too. */
const bytes = (column: string) => `${column} COLLATE "C"`;

/** Known statuses in byte order, ranked from 1: the lowest bits of a packed key (0: not known, no packing). */
const STATUS_RANKS = [...new Set<string>([...ORDER_STATUSES, ...ITEM_STATUSES])].sort();
const GRAIN_CODE = { d: 0, h: 1, q: 2 } as const;
/** Quarter hours are counted from 2^34 before the epoch, in 35 bits: the packed key stays a positive bigint. */
const QUARTER_ORIGIN = 2n ** 34n;
const QUARTER_BIT = 2n ** 25n;

/**
 * The primary key's order (grain, scope, bucket, brand, status) packed into one bigint for a
 * quarter-hour row: grain in bits 61–62, scope ('item' before 'order') bit 60, the quarter hour bits
 * 25–59, the brand's rank in byte order bits 5–24, the status's rank bits 0–4. A sort or a grouping
 * by it compares integers where one by the key columns reads text behind varlenas; 0 where it
 * cannot pack (a brand, scope, status or time outside its range), and the key columns always
 * follow it, so such rows cost time, never a wrong row.
 */
function packedQuarter(scoped: boolean, withStatus: boolean): string {
  const quarter = `(m / ${QUARTER_HOUR} + ${QUARTER_ORIGIN})`;
  const ranks = STATUS_RANKS.map((s, i) => `WHEN '${s}' THEN ${i + 1}`).join(' ');
  const status = `(CASE status ${ranks} END)`;
  const packable = [
    `b.rank < ${2n ** 20n}`,
    `${quarter} BETWEEN 0 AND ${2n ** 35n - 1n}`,
    ...(scoped ? [`scope IN ('item', 'order')`] : []),
    ...(withStatus ? [`${status} IS NOT NULL`] : []),
  ];
  return `CASE WHEN ${packable.join(' AND ')} THEN ${BigInt(GRAIN_CODE.q) << 61n}
    ${scoped ? `+ (scope = 'order')::int::bigint * ${2n ** 60n}` : ''} + ${quarter} * ${QUARTER_BIT} + b.rank * 32
    ${withStatus ? `+ ${status}` : ''} ELSE 0 END`;
}

/**
 * A summary kept per UTC quarter hour ('q'), hour ('h') and day ('d'): `keys` are its other key
 * columns, `sums` its aggregates over the source rows, `at_ms` the source's time in milliseconds.
 * `quarters` sums the source into quarter hours, into an unlogged work table: a statement of its own
 * because PostgreSQL runs a plan in parallel workers for CREATE TABLE AS and never for INSERT, and
 * grouped by sorting on the packed key (each worker sorts and sums its share) rather than hashing
 * millions of groups of text keys. Each quarter hour's sums are bigints (a quarter hour's durations
 * beyond 2^63 ms fail the rebuild, which leaves the old tables), so hours and days add bigints.
 * `select` adds the quarter hours up into hours and days (a few hundred thousand groups) and
 * writes every row in the order of the table's primary key, so that its index build finds them
 * sorted: a check of each row against the next instead of a sort of them all.
 */
function quarterHoursHoursDays(
  table: string,
  source: string,
  keys: string[],
  sums: string[],
  order: string[],
): Pick<SummaryRebuild, 'table' | 'quarters' | 'select'> {
  const work = `analytics.${quartersOf(table)}`;
  const k = keys.join(', ');
  const c = sums.map((_, i) => `c${i}`);
  const packed = packedQuarter(keys.includes('scope'), keys.includes('status'));
  const quarters = `
    SELECT k, m, ${keys.map((key) => `${bytes(key)} AS ${key}`).join(', ')}, ${sums.map((sum, i) => `(${sum})::bigint AS c${i}`).join(', ')}
    FROM (
      SELECT y.*, ${packed} AS k
      FROM (SELECT x.*, ${floorTo('x.at_ms', QUARTER_HOUR)} AS m FROM (${source}) x) y
      LEFT JOIN analytics.rebuild_brands b USING (brand)
    ) z
    GROUP BY k, ${keys.map(bytes).join(', ')}, m`;
  // Hours and days from quarter hours: the packed key moves to its grain and to the bucket's first quarter hour.
  const coarser = (grain: 'd' | 'h', size: number) => `
    SELECT '${grain}' AS grain, CASE WHEN k = 0 THEN 0
        ELSE k - ${BigInt(GRAIN_CODE.q - GRAIN_CODE[grain]) << 61n} + (start - m) / ${QUARTER_HOUR} * ${QUARTER_BIT} END AS k,
      start AS m, ${k}, ${c.map((col) => `sum(${col}) AS ${col}`).join(', ')}
    FROM (SELECT w.*, ${floorTo('m', size)} AS start FROM ${work} w) w
    GROUP BY 2, 3, ${k}`;
  // Hours and days sorted into key order; then the quarter hours as the work table holds them, which
  // is the order its grouping wrote them in (by the packed key): no second sort of the most rows.
  const select = [
    `SELECT grain, ${instantOf('m')}, ${k}, ${c.join(', ')}
     FROM (${coarser('d', DAY)} UNION ALL ${coarser('h', HOUR)}) z
     ORDER BY k, ${['grain', ...order].map((col) => (col === 'm' ? col : bytes(col))).join(', ')}`,
    `SELECT 'q', ${instantOf('m')}, ${k}, ${c.join(', ')} FROM ${work}`,
  ];
  return { table, quarters, select };
}

export const SUMMARY_REBUILDS: SummaryRebuild[] = [
  {
    columns: 'grain, bucket, brand_id, placed, picked_up, rejected, cancelled',
    ...quarterHoursHoursDays(
      'throughput',
      `SELECT brand, placed_ms AS at_ms, 1 AS placed, 0 AS picked_up, 0 AS rejected, 0 AS cancelled FROM analytics.rebuild_orders
       UNION ALL
       SELECT brand, at_ms, 0, (to_status = 'PICKED_UP')::int, (to_status = 'REJECTED')::int, (to_status = 'CANCELLED')::int
       FROM ${counting(KIND.status)} AND to_status IN ('PICKED_UP', 'REJECTED', 'CANCELLED')`,
      ['brand'],
      ['sum(placed)', 'sum(picked_up)', 'sum(rejected)', 'sum(cancelled)'],
      ['m', 'brand'],
    ),
  },
  {
    // A duration belongs to the bucket in which the status was left.
    columns: 'grain, bucket, brand_id, scope, status, sum_ms, count',
    ...quarterHoursHoursDays(
      'status_durations',
      `SELECT brand, 'order' AS scope, left_status AS status, since_ms, at_ms FROM ${counting(KIND.status)}
       UNION ALL
       SELECT brand, 'item', left_status, since_ms, at_ms FROM analytics.rebuild_item_moves`,
      ['brand', 'scope', 'status'],
      ['sum(at_ms - since_ms)', 'count(*)'],
      ['scope', 'm', 'brand', 'status'],
    ),
  },
  {
    // On time when READY came no later than the promise in force then; lateness over the late ones.
    columns: 'grain, bucket, brand_id, ready, on_time, late, lateness_ms',
    ...quarterHoursHoursDays(
      'punctuality',
      `SELECT brand, at_ms, (at_ms <= in_force_ms)::int AS on_time, (at_ms > in_force_ms)::int AS late,
         greatest(at_ms - in_force_ms, 0) AS lateness
       FROM ${counting(KIND.status)} AND to_status = 'READY' AND in_force_ms IS NOT NULL`,
      ['brand'],
      ['count(*)', 'sum(on_time)', 'sum(late)', 'sum(lateness)'],
      ['m', 'brand'],
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
    table: 'customer_brands',
    columns: 'brand_id, customer_key, orders, total_micro, first_order_at, last_order_at',
    select: `SELECT brand, customer_key, count(*), sum(total_micro), ${instantOf('min(placed_ms)')}, ${instantOf('max(placed_ms)')}
             FROM analytics.rebuild_orders WHERE customer_key IS NOT NULL GROUP BY 1, 2`,
  },
  {
    // Summed over each customer's brands from the copy just filled: a row per customer and brand, not per order.
    table: 'customers',
    columns: 'customer_key, orders, total_micro, first_order_at, last_order_at',
    select: `SELECT customer_key, sum(orders), sum(total_micro), min(first_order_at), max(last_order_at)
             FROM analytics.customer_brands${NEXT} GROUP BY 1`,
  },
];
