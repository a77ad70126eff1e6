import { Injectable } from '@nestjs/common';
import { DEFAULT_ANALYTICS_ZONE, type ThroughputQuery, type ThroughputView } from '#contracts';
import { AnalyticsReader } from '../../persistence/analytics-reader.js';
import { sumsPerBucket } from '../bucket-sums.js';

interface Counts {
  placed: number | null;
  picked_up: number | null;
  rejected: number | null;
  cancelled: number | null;
}
const SUMS = `sum(placed)::float8 AS placed, sum(picked_up)::float8 AS picked_up,
  sum(rejected)::float8 AS rejected, sum(cancelled)::float8 AS cancelled`;

/** Orders placed, picked up, rejected and cancelled per local bucket, zeros included. */
@Injectable()
export class ThroughputService {
  constructor(private readonly reader: AnalyticsReader) {}

  async execute(q: ThroughputQuery): Promise<ThroughputView> {
    const buckets = await sumsPerBucket<Counts>(this.reader, 'throughput', SUMS, q);
    return {
      granularity: q.granularity,
      tz: q.tz ?? DEFAULT_ANALYTICS_ZONE,
      buckets: buckets.map(({ start, localStart, sums }) => ({
        start,
        localStart,
        placed: sums?.placed ?? 0,
        pickedUp: sums?.picked_up ?? 0,
        rejected: sums?.rejected ?? 0,
        cancelled: sums?.cancelled ?? 0,
      })),
    };
  }
}
