import { Injectable } from '@nestjs/common';
import type { ThroughputBucket, ThroughputQuery, ThroughputView } from '#contracts';
import { AnalyticsReader } from '../../persistence/analytics-reader.js';
import { brandsOf } from '../brands-of.js';

const SIZE = { hour: 3_600_000, day: 86_400_000 } as const;

/**
 * One bucket per hour/day of [from, to), zeros included, summed over the brands asked for (or
 * all); the gateway checked alignment and size.
 */
@Injectable()
export class ThroughputService {
  constructor(private readonly reader: AnalyticsReader) {}

  async execute(q: ThroughputQuery): Promise<ThroughputView> {
    // Numbers straight from the driver (float8): up to 3,660 rows, where parsing dates and bigints would dominate.
    const rows = await this.reader.rows<{ ms: number; placed: number; picked_up: number; rejected: number; cancelled: number }>(
      `SELECT extract(epoch FROM bucket)::float8 * 1000 AS ms, sum(placed)::float8 AS placed, sum(picked_up)::float8 AS picked_up,
         sum(rejected)::float8 AS rejected, sum(cancelled)::float8 AS cancelled FROM analytics.throughput
       WHERE grain = $1 AND bucket >= $2 AND bucket < $3 AND ($4::text[] IS NULL OR brand_id = ANY($4))
       GROUP BY bucket`,
      [q.granularity === 'day' ? 'd' : 'h', q.from, q.to, brandsOf(q)],
    );
    const found = new Map(rows.map((r) => [r.ms, r]));
    const buckets: ThroughputBucket[] = [];
    for (let t = Date.parse(q.from); t < Date.parse(q.to); t += SIZE[q.granularity]) {
      const r = found.get(t);
      buckets.push({
        start: new Date(t).toISOString(),
        placed: r?.placed ?? 0,
        pickedUp: r?.picked_up ?? 0,
        rejected: r?.rejected ?? 0,
        cancelled: r?.cancelled ?? 0,
      });
    }
    return { granularity: q.granularity, buckets };
  }
}
