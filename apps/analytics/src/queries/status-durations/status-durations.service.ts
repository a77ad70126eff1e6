import { Injectable } from '@nestjs/common';
import { itemMachine, orderMachine, type StatusDurationsQuery, type StatusDurationsView } from '#contracts';
import { AnalyticsReader } from '../../persistence/analytics-reader.js';
import { brandsOf } from '../brands-of.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Durations whose hour bucket (the hour the status was left) starts in [from, to). Whole days
 * inside the range are read from the daily rows, the ragged ends from the hourly ones, so any
 * range costs a few hundred rows per brand at most.
 */
@Injectable()
export class StatusDurationsService {
  constructor(private readonly reader: AnalyticsReader) {}

  async execute(q: StatusDurationsQuery): Promise<StatusDurationsView> {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    let dayFrom = Math.ceil(from / DAY) * DAY;
    let dayTo = Math.floor(to / DAY) * DAY;
    if (dayFrom >= dayTo) dayFrom = dayTo = Math.ceil(to / HOUR) * HOUR; // no whole day: hours only
    const iso = (ms: number) => new Date(ms).toISOString();
    const rows = await this.reader.rows<{ status: string; sum_ms: string; count: string }>(
      `SELECT status, sum(sum_ms) AS sum_ms, sum(count) AS count FROM (
         SELECT status, sum_ms, count FROM analytics.status_durations
         WHERE grain = 'd' AND scope = $1 AND bucket >= $5 AND bucket < $6 AND ($2::text[] IS NULL OR brand_id = ANY($2))
         UNION ALL
         SELECT status, sum_ms, count FROM analytics.status_durations
         WHERE grain = 'h' AND scope = $1 AND bucket >= $3 AND bucket < $5 AND ($2::text[] IS NULL OR brand_id = ANY($2))
         UNION ALL
         SELECT status, sum_ms, count FROM analytics.status_durations
         WHERE grain = 'h' AND scope = $1 AND bucket >= $6 AND bucket < $4 AND ($2::text[] IS NULL OR brand_id = ANY($2))) d
       GROUP BY status`,
      [q.scope, brandsOf(q), q.from, q.to, iso(Math.min(dayFrom, to)), iso(Math.min(dayTo, to))],
    );
    const byStatus = new Map(rows.map((r) => [r.status, r]));
    const machine = q.scope === 'item' ? itemMachine : orderMachine;
    return {
      from: q.from,
      to: q.to,
      scope: q.scope,
      statuses: machine.nonTerminalStates().map((status) => {
        const count = Number(byStatus.get(status)?.count ?? 0);
        const sumMs = Number(byStatus.get(status)?.sum_ms ?? 0);
        return { status, count, averageSeconds: count === 0 ? null : sumMs / count / 1000 };
      }),
    };
  }
}
