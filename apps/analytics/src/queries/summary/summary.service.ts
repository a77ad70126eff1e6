import { Injectable } from '@nestjs/common';
import { ORDER_STATUSES, type OrderStatus, type SummaryQuery, type SummaryView } from '#contracts';
import { brandsOf } from '../brands-of.js';
import { AnalyticsReader } from '../../persistence/analytics-reader.js';

@Injectable()
export class SummaryService {
  constructor(private readonly reader: AnalyticsReader) {}

  async execute(q: SummaryQuery): Promise<SummaryView> {
    const brands = [brandsOf(q)];
    const [counts, [processing]] = await Promise.all([
      this.reader.rows<{ status: OrderStatus; count: string }>(
        `SELECT status, sum(count) AS count FROM analytics.status_counts WHERE ($1::text[] IS NULL OR brand_id = ANY($1)) GROUP BY status`,
        brands,
      ),
      this.reader.rows<{ count: string | null; sum_ms: string | null }>(
        `SELECT sum(count) AS count, sum(sum_ms) AS sum_ms FROM analytics.processing WHERE ($1::text[] IS NULL OR brand_id = ANY($1))`,
        brands,
      ),
    ]);
    const ordersByStatus = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>;
    for (const row of counts) ordersByStatus[row.status] = Number(row.count);
    const completed = Number(processing?.count ?? 0);
    return {
      ordersByStatus,
      completedOrders: ordersByStatus.PICKED_UP,
      averageProcessingSeconds: completed === 0 ? null : Number(processing.sum_ms) / completed / 1000,
    };
  }
}
