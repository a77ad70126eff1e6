import { Injectable } from '@nestjs/common';
import { DEFAULT_ANALYTICS_ZONE, type PunctualityQuery, type PunctualityView } from '#contracts';
import { AnalyticsReader } from '../../persistence/analytics-reader.js';
import { sumsPerBucket } from '../bucket-sums.js';

interface Counts {
  ready: number | null;
  on_time: number | null;
  late: number | null;
  lateness_ms: number | null;
}
const SUMS = `sum(ready)::float8 AS ready, sum(on_time)::float8 AS on_time,
  sum(late)::float8 AS late, sum(lateness_ms)::float8 AS lateness_ms`;

/**
 * Orders that entered READY with a promised ready time, per local bucket: on time or late against
 * the promise in force then (CONTRACT section 6), and the mean lateness of the late ones.
 */
@Injectable()
export class PunctualityService {
  constructor(private readonly reader: AnalyticsReader) {}

  async execute(q: PunctualityQuery): Promise<PunctualityView> {
    const buckets = await sumsPerBucket<Counts>(this.reader, 'punctuality', SUMS, q);
    return {
      granularity: q.granularity,
      tz: q.tz ?? DEFAULT_ANALYTICS_ZONE,
      buckets: buckets.map(({ start, localStart, sums }) => {
        const late = sums?.late ?? 0;
        return {
          start,
          localStart,
          ready: sums?.ready ?? 0,
          onTime: sums?.on_time ?? 0,
          late,
          averageLatenessSeconds: late === 0 ? null : (sums?.lateness_ms ?? 0) / late / 1000,
        };
      }),
    };
  }
}
