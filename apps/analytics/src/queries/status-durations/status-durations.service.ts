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
import { rowsOfRuns, runsParams, signed } from '../runs-params.js';

/**
 * Durations whose status was left in [from, to), two local hour boundaries of the asked zone. The
 * range is read as a few signed runs of stored rows (utc-runs.ts): quarter hours and hours at the
 * ragged ends (or their day less what lies around them), days in the middle, so any range costs a
 * few dozen rows per brand at most.
 */
@Injectable()
export class StatusDurationsService {
  constructor(private readonly reader: AnalyticsReader) {}

  async execute(q: StatusDurationsQuery): Promise<StatusDurationsView> {
    const rows = await this.reader.rows<{ status: string; sum_ms: string; count: string }>(
      `SELECT s.status, ${signed('sum(sum_ms) AS sum_ms, sum(count) AS count')}
       ${rowsOfRuns('status_durations', 'status, sum(sum_ms) AS sum_ms, sum(count) AS count', 'AND t.scope = $7 GROUP BY status')}
       GROUP BY s.status`,
      [...runsParams(runsOf(Date.parse(q.from), Date.parse(q.to))), brandsOf(q), q.scope],
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
