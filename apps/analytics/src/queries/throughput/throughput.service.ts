import { Injectable } from '@nestjs/common';
import {
  bucketEdges,
  DEFAULT_ANALYTICS_ZONE,
  localIso,
  MAX_BUCKETS,
  type ThroughputQuery,
  type ThroughputView,
} from '#contracts';
import { runsOfBuckets } from '../../domain/utc-runs.js';
import { AnalyticsReader } from '../../persistence/analytics-reader.js';
import { brandsOf } from '../brands-of.js';
import { runsParams } from '../runs-params.js';

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
    // Numbers straight from the driver (float8): up to 3,660 rows, where parsing bigints would dominate.
    const rows = await this.reader.rows<{ i: number; placed: number; picked_up: number; rejected: number; cancelled: number }>(
      `SELECT r.i, sum(placed)::float8 AS placed, sum(picked_up)::float8 AS picked_up,
         sum(rejected)::float8 AS rejected, sum(cancelled)::float8 AS cancelled
       FROM unnest($1::char(1)[], $2::timestamptz[], $3::timestamptz[], $4::int[]) AS r(grain, lo, hi, i)
       JOIN analytics.throughput t ON t.grain = r.grain AND t.bucket >= r.lo AND t.bucket < r.hi
       WHERE $5::text[] IS NULL OR t.brand_id = ANY($5)
       GROUP BY r.i`,
      [...runsParams(runsOfBuckets(edges)), brandsOf(q)],
    );
    const found = new Map(rows.map((r) => [r.i, r]));
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
}
