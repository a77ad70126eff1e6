import { bucketEdges, DEFAULT_ANALYTICS_ZONE, localIso, MAX_BUCKETS, type ThroughputQuery } from '#contracts';
import { type Grain, grainOfEveryBucket, type Run, runsOfBuckets } from '../domain/utc-runs.js';
import type { AnalyticsReader } from '../persistence/analytics-reader.js';
import { brandsOf } from './brands-of.js';
import { rowsOfRuns, runsParams, signed } from './runs-params.js';

/** A local bucket of the answer, and its summed counters (absent when no row falls in it). */
export interface BucketSums<R> {
  start: string;
  localStart: string;
  sums: R | undefined;
}

/**
 * One entry per local hour, day, week or month of [from, to) in `tz`, with `columns` summed over
 * the brands asked for (or all) from a table keyed by UTC quarter hours, hours and days
 * (throughput, punctuality). Each local bucket is the sum of the stored rows that tile it; the
 * gateway checked the zone, alignment and size. `columns` are `sum(x)::float8 AS x` aggregates:
 * numbers straight from the driver, where parsing up to 3,660 rows of bigints would dominate.
 */
export async function sumsPerBucket<R extends object>(
  reader: AnalyticsReader,
  table: string,
  columns: string,
  q: ThroughputQuery,
): Promise<BucketSums<R>[]> {
  const tz = q.tz ?? DEFAULT_ANALYTICS_ZONE;
  const edges = bucketEdges(Date.parse(q.from), Date.parse(q.to), q.granularity, tz, MAX_BUCKETS[q.granularity]);
  if (!edges) throw new RangeError(`more than ${MAX_BUCKETS[q.granularity]} ${q.granularity} buckets`);
  const runs = runsOfBuckets(edges);
  const grain = grainOfEveryBucket(runs, edges.length - 1);
  const brands = brandsOf(q);
  const found = grain
    ? await oneRowPerBucket<R>(reader, table, columns, grain, runs, brands)
    : await byRuns<R>(reader, table, columns, runs, brands);
  return edges.slice(0, -1).map((start, i) => ({
    start: new Date(start).toISOString(),
    localStart: localIso(start, tz),
    sums: found.get(i),
  }));
}

/** Every bucket is one row of `grain`: one range scan, rows keyed by their bucket's start. */
async function oneRowPerBucket<R>(
  reader: AnalyticsReader,
  table: string,
  columns: string,
  grain: Grain,
  runs: (Run & { bucket: number })[],
  brands: string[] | null,
) {
  const rows = await reader.rows<R & { ms: number }>(
    `SELECT extract(epoch FROM bucket)::float8 * 1000 AS ms, ${columns} FROM analytics.${table}
     WHERE grain = $1 AND bucket >= $2 AND bucket < $3 AND ($4::text[] IS NULL OR brand_id = ANY($4))
     GROUP BY bucket`,
    [grain, new Date(runs[0].from).toISOString(), new Date(runs.at(-1)!.to).toISOString(), brands],
  );
  const index = new Map(runs.map((r) => [r.from, r.bucket]));
  return new Map(rows.map((r) => [index.get(r.ms), r]));
}

/** Buckets tiled by quarter hours, hours and days: the runs of each, summed per bucket. */
async function byRuns<R>(
  reader: AnalyticsReader,
  table: string,
  columns: string,
  runs: (Run & { bucket: number })[],
  brands: string[] | null,
) {
  // The runs' sums are summed again per bucket, each with its sign: `sum(x)::float8 AS x` becomes `sum(r.sign * s.x)::float8 AS x`.
  const outer = signed(columns);
  const rows = await reader.rows<R & { i: number }>(`SELECT r.i, ${outer} ${rowsOfRuns(table, columns)} GROUP BY r.i`, [
    ...runsParams(runs),
    brands,
  ]);
  return new Map(rows.map((r) => [r.i, r]));
}
