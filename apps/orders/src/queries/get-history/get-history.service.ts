import { type GetOrderQuery, type OrderHistoryView, type Result, UUID_PATTERN } from '#contracts';
import { readerOf, type Reader } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findHistory } from '../../persistence/order-queries.repository.js';
import { notFound, ok } from '../../result.js';

@Injectable()
export class GetHistoryService {
  private readonly reader: Reader;

  constructor(dataSource: DataSource) {
    this.reader = readerOf(dataSource);
  }

  /** Oldest first; an order always has at least its PLACED entry, so no entries means no order (or none in scope). */
  async execute(query: GetOrderQuery): Promise<Result<OrderHistoryView>> {
    if (!UUID_PATTERN.test(query.orderId)) return notFound(query.orderId);
    const entries = await findHistory(this.reader, query.orderId, query.brandIds);
    if (entries.length === 0) return notFound(query.orderId);

    const history: OrderHistoryView = { order: [], items: {} };
    for (const entry of entries) {
      const at = entry.at.toISOString();
      const extra = {
        ...(entry.reason !== null && { reason: entry.reason }),
        ...(entry.actor !== null && { actor: entry.actor }),
      };
      if (entry.plu === null) history.order.push({ status: entry.status, at, ...extra });
      else (history.items[entry.plu] ??= []).push({ status: entry.status, at, ...extra });
    }
    return ok(history);
  }
}
