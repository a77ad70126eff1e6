import type { ListRefundsQuery, RefundPage, Result } from '#contracts';
import { readerOf, type Reader } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../../queries/list-orders/order-cursor.js';
import { fail, ok } from '../../result.js';
import { listRefunds, type RefundFilter } from '../../persistence/refund.repository.js';
import { toRefundView } from '../../wire/refund-view.mapper.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

@Injectable()
export class ListRefundsService {
  private readonly reader: Reader;

  constructor(dataSource: DataSource) {
    this.reader = readerOf(dataSource);
  }

  /** Oldest first, keyset-paginated on (created_at, id) like the orders list, the other way round. */
  async execute(query: ListRefundsQuery): Promise<Result<RefundPage>> {
    const filter: RefundFilter = {
      status: query.status,
      orderId: query.orderId,
      brandIds: query.brandIds,
      // One more than the page tells whether another follows.
      limit: Math.min(Math.max(Math.trunc(query.limit) || DEFAULT_LIMIT, 1), MAX_LIMIT) + 1,
    };
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor);
      if (!cursor) return fail({ code: 'invalid_cursor', detail: 'cursor is not one this API handed out.' });
      filter.after = cursor;
    }
    const rows = await listRefunds(this.reader, filter);
    const page = rows.slice(0, filter.limit - 1);
    const last = page.at(-1);
    return ok({
      items: page.map((r) => toRefundView(r.refund)),
      nextCursor: rows.length > page.length && last ? encodeCursor({ createdAt: last.cursorAt, id: last.refund.id }) : null,
    });
  }
}
