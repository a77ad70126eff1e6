import type { Run } from '../domain/utc-runs.js';

/**
 * Runs as the five parallel arrays a query unnests: grain, first bucket and end in epoch seconds
 * (numbers are cheaper to send than 10,000 timestamps as text), the answer's bucket index, and
 * whether the run's rows are added or taken away (1, -1).
 */
export function runsParams(runs: (Run & { bucket?: number })[]): [string[], number[], number[], number[], number[]] {
  return [
    runs.map((r) => r.grain),
    runs.map((r) => r.from / 1000),
    runs.map((r) => r.to / 1000),
    runs.map((r) => r.bucket ?? 0),
    runs.map((r) => r.sign),
  ];
}

/**
 * `analytics.<table>` rows of each run, read by one index range scan per run (LATERAL: a join on
 * ranges would otherwise merge on the grain alone and compare every row with every run).
 * `$1`–`$5` are the runs, `$6` the brands (null for all); `sums` are aggregates over `t`, and the
 * outer query sums them again weighted by `r.sign` (see signed()).
 */
export const rowsOfRuns = (table: string, sums: string, where = '') => `
  FROM unnest($1::char(1)[], $2::bigint[], $3::bigint[], $4::int[], $5::int[]) AS r(grain, lo, hi, i, sign)
  CROSS JOIN LATERAL (SELECT ${sums} FROM analytics.${table} t
    WHERE t.grain = r.grain AND t.bucket >= to_timestamp(r.lo) AND t.bucket < to_timestamp(r.hi)
      AND ($6::text[] IS NULL OR t.brand_id = ANY($6)) ${where}) s`;

/** `sum(x)` aggregates of a run's rows as the outer query sums the runs: `sum(r.sign * s.x)`. */
export const signed = (sums: string): string => sums.replace(/sum\((\w+)\)/g, 'sum(r.sign * s.$1)');
