import { type ListOrdersQuery, type OrderPage, parseInstant, type Result } from '#contracts';
import { readerOf, type Reader } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { listOrders, type OrderFilter } from '../../persistence/order-queries.repository.js';
import { fail, ok } from '../../result.js';
import { toOrderView } from '../../wire/order-view.mapper.js';
import { decodeCursor, encodeCursor } from './order-cursor.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

@Injectable()
export class ListOrdersService {
  private readonly reader: Reader;

  constructor(dataSource: DataSource) {
    this.reader = readerOf(dataSource);
  }

  /** Newest first, keyset-paginated so pages neither skip nor repeat rows inserted meanwhile. */
  async execute(query: ListOrdersQuery): Promise<Result<OrderPage>> {
    const filter: OrderFilter = {
      statuses: query.status,
      brandId: query.brandId,
      brandIds: query.brandIds,
      customerId: query.customerId,
      // The gateway validates the limit; this only keeps a bad caller from asking for everything. One more tells if a page follows.
      limit: Math.min(Math.max(Math.trunc(query.limit) || DEFAULT_LIMIT, 1), MAX_LIMIT) + 1,
    };
    for (const field of ['createdFrom', 'createdTo'] as const) {
      const raw = query[field];
      if (raw === undefined) continue;
      const instant = parseInstant(raw);
      if (!instant) return fail({ code: 'invalid_time', field, detail: `${field} is not an ISO 8601 instant.` });
      filter[field] = instant;
    }
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor);
      if (!cursor) return fail({ code: 'invalid_cursor', detail: 'cursor is not one this API handed out.' });
      filter.after = cursor;
    }
    const rows = await listOrders(this.reader, filter);
    const page = rows.slice(0, filter.limit - 1);
    const last = page.at(-1);
    return ok({
      items: page.map((r) => toOrderView(r.order)),
      nextCursor: rows.length > page.length && last ? encodeCursor({ createdAt: last.cursorAt, id: last.order.id }) : null,
    });
  }
}
