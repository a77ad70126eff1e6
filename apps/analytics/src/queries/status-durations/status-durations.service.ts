import { Injectable } from '@nestjs/common';
import {
  DEFAULT_ANALYTICS_ZONE,
  itemMachine,
  orderMachine,
  type StatusDurationsQuery,
  type StatusDurationsView,
} from '#contracts';
import { runsOf } from '../../domain/utc-runs.js';
import { AnalyticsReader } from '../../persistence/analytics-reader.js';
import { brandsOf } from '../brands-of.js';
import { runsParams } from '../runs-params.js';

/**
 * Durations whose status was left in [from, to), two local hour boundaries of the asked zone. The
 * range is read as at most five runs of stored rows (utc-runs.ts): quarter hours and hours at the
 * ragged ends, days in the middle, so any range costs a few hundred rows per brand at most.
 */
@Injectable()
export class StatusDurationsService {
  constructor(private readonly reader: AnalyticsReader) {}

  async execute(q: StatusDurationsQuery): Promise<StatusDurationsView> {
    const rows = await this.reader.rows<{ status: string; sum_ms: string; count: string }>(
      `SELECT status, sum(sum_ms) AS sum_ms, sum(count) AS count
       FROM unnest($1::char(1)[], $2::timestamptz[], $3::timestamptz[], $4::int[]) AS r(grain, lo, hi, i)
       JOIN analytics.status_durations d ON d.grain = r.grain AND d.scope = $5 AND d.bucket >= r.lo AND d.bucket < r.hi
       WHERE $6::text[] IS NULL OR d.brand_id = ANY($6)
       GROUP BY status`,
      [...runsParams(runsOf(Date.parse(q.from), Date.parse(q.to))), q.scope, brandsOf(q)],
    );
    const byStatus = new Map(rows.map((r) => [r.status, r]));
    const machine = q.scope === 'item' ? itemMachine : orderMachine;
    return {
      from: q.from,
      to: q.to,
      tz: q.tz ?? DEFAULT_ANALYTICS_ZONE,
      scope: q.scope,
      statuses: machine.nonTerminalStates().map((status) => {
        const count = Number(byStatus.get(status)?.count ?? 0);
        const sumMs = Number(byStatus.get(status)?.sum_ms ?? 0);
        return { status, count, averageSeconds: count === 0 ? null : sumMs / count / 1000 };
      }),
    };
  }
}
