import type { Run } from '../domain/utc-runs.js';

/**
 * Runs as the four parallel arrays a query unnests: grain, first bucket and end in epoch seconds
 * (numbers are cheaper to send than 10,000 timestamps as text), and the answer's bucket index.
 */
export function runsParams(runs: (Run & { bucket?: number })[]): [string[], number[], number[], number[]] {
  return [runs.map((r) => r.grain), runs.map((r) => r.from / 1000), runs.map((r) => r.to / 1000), runs.map((r) => r.bucket ?? 0)];
}

/**
 * `analytics.<table>` rows of each run, read by one index range scan per run (LATERAL: a join on
 * ranges would otherwise merge on the grain alone and compare every row with every run).
 * `$1`–`$4` are the runs, `$5` the brands (null for all); `sums` are aggregates over `t`.
 */
export const rowsOfRuns = (table: string, sums: string, where = '') => `
  FROM unnest($1::char(1)[], $2::bigint[], $3::bigint[], $4::int[]) AS r(grain, lo, hi, i)
  CROSS JOIN LATERAL (SELECT ${sums} FROM analytics.${table} t
    WHERE t.grain = r.grain AND t.bucket >= to_timestamp(r.lo) AND t.bucket < to_timestamp(r.hi)
      AND ($5::text[] IS NULL OR t.brand_id = ANY($5)) ${where}) s`;
