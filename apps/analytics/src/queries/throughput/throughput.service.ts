import { Injectable } from '@nestjs/common';
import {
  bucketEdges,
  DEFAULT_ANALYTICS_ZONE,
  localIso,
  MAX_BUCKETS,
  type ThroughputQuery,
  type ThroughputView,
} from '#contracts';
import { type Grain, grainOfEveryBucket, type Run, runsOfBuckets } from '../../domain/utc-runs.js';
import { AnalyticsReader } from '../../persistence/analytics-reader.js';
import { brandsOf } from '../brands-of.js';
import { rowsOfRuns, runsParams } from '../runs-params.js';

interface Counts {
  placed: number | null;
  picked_up: number | null;
  rejected: number | null;
  cancelled: number | null;
}
// Numbers straight from the driver (float8): up to 3,660 rows, where parsing bigints would dominate.
const SUMS = `sum(placed)::float8 AS placed, sum(picked_up)::float8 AS picked_up,
  sum(rejected)::float8 AS rejected, sum(cancelled)::float8 AS cancelled`;

/**
 * One bucket per local hour, day, week or month of [from, to) in `tz`, zeros included, summed over
 * the brands asked for (or all). Each local bucket is the sum of the stored UTC quarter hours,
 * hours and days that tile it; the gateway checked the zone, alignment and size.
 */
@Injectable()
export class ThroughputService {
  constructor(private readonly reader: AnalyticsReader) {}

  async execute(q: ThroughputQuery): Promise<ThroughputView> {
    const tz = q.tz ?? DEFAULT_ANALYTICS_ZONE;
    const edges = bucketEdges(Date.parse(q.from), Date.parse(q.to), q.granularity, tz, MAX_BUCKETS[q.granularity]);
    if (!edges) throw new RangeError(`more than ${MAX_BUCKETS[q.granularity]} ${q.granularity} buckets`);
    const runs = runsOfBuckets(edges);
    const grain = grainOfEveryBucket(runs, edges.length - 1);
    const found = grain ? await this.oneRowPerBucket(grain, runs, brandsOf(q)) : await this.byRuns(runs, brandsOf(q));
    return {
      granularity: q.granularity,
      tz,
      buckets: edges.slice(0, -1).map((start, i) => {
        const r = found.get(i);
        return {
          start: new Date(start).toISOString(),
          localStart: localIso(start, tz),
          placed: r?.placed ?? 0,
          pickedUp: r?.picked_up ?? 0,
          rejected: r?.rejected ?? 0,
          cancelled: r?.cancelled ?? 0,
        };
      }),
    };
  }

  /** Every bucket is one row of `grain`: one range scan, rows keyed by their bucket's start. */
  private async oneRowPerBucket(grain: Grain, runs: (Run & { bucket: number })[], brands: string[] | null) {
    const rows = await this.reader.rows<Counts & { ms: number }>(
      `SELECT extract(epoch FROM bucket)::float8 * 1000 AS ms, ${SUMS} FROM analytics.throughput
       WHERE grain = $1 AND bucket >= $2 AND bucket < $3 AND ($4::text[] IS NULL OR brand_id = ANY($4))
       GROUP BY bucket`,
      [grain, new Date(runs[0].from).toISOString(), new Date(runs.at(-1)!.to).toISOString(), brands],
    );
    const index = new Map(runs.map((r) => [r.from, r.bucket]));
    return new Map(rows.map((r) => [index.get(r.ms), r]));
  }

  /** Buckets tiled by quarter hours, hours and days: the runs of each, summed per bucket. */
  private async byRuns(runs: (Run & { bucket: number })[], brands: string[] | null) {
    const rows = await this.reader.rows<Counts & { i: number }>(
      `SELECT r.i, sum(s.placed)::float8 AS placed, sum(s.picked_up)::float8 AS picked_up,
         sum(s.rejected)::float8 AS rejected, sum(s.cancelled)::float8 AS cancelled
       ${rowsOfRuns('throughput', SUMS)} GROUP BY r.i`,
      [...runsParams(runs), brands],
    );
    return new Map(rows.map((r) => [r.i, r]));
  }
}
