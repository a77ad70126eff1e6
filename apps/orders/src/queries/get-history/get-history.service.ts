import { type GetOrderQuery, itemStatusFromCode, type OrderHistoryView, orderStatusFromCode, type Result } from '#contracts';
import { readerOf, type Reader } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UUID_PATTERN } from '../../persistence/order.repository.js';
import { notFound, ok } from '../../result.js';

interface HistoryRow {
  plu: string | null;
  to_status: number;
  at: Date;
  reason: string | null;
  actor: string | null;
}

@Injectable()
export class GetHistoryService {
  private readonly reader: Reader;

  constructor(dataSource: DataSource) {
    this.reader = readerOf(dataSource);
  }

  /** Oldest first; an order always has at least its PLACED entry, so no rows means no order (or none in scope). */
  async execute(query: GetOrderQuery): Promise<Result<OrderHistoryView>> {
    if (!UUID_PATTERN.test(query.orderId)) return notFound(query.orderId);
    const rows = await this.reader.rows<HistoryRow>(
      `SELECT plu, to_status, at, reason, actor FROM orders.status_history
        WHERE order_id = $1
          AND ($2::text[] IS NULL OR EXISTS (SELECT 1 FROM orders.orders o WHERE o.id = $1 AND o.brand_id = ANY($2)))
        ORDER BY id`,
      [query.orderId, query.brandIds ?? null],
    );
    if (rows.length === 0) return notFound(query.orderId);

    const history: OrderHistoryView = { order: [], items: {} };
    for (const row of rows) {
      const extra = { ...(row.reason !== null && { reason: row.reason }), ...(row.actor !== null && { actor: row.actor }) };
      if (row.plu === null) {
        history.order.push({ status: orderStatusFromCode(row.to_status), at: row.at.toISOString(), ...extra });
      } else {
        (history.items[row.plu] ??= []).push({ status: itemStatusFromCode(row.to_status), at: row.at.toISOString(), ...extra });
      }
    }
    return ok(history);
  }
}
