import type { ListOrdersQuery, OrderPage, Result } from '#contracts';
import { readerOf, type Reader } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { listOrders } from '../../persistence/order-queries.repository.js';
import { ok } from '../../result.js';
import { toOrderView } from '../../wire/order-view.mapper.js';
import { encodeCursor } from './order-cursor.js';
import { orderFilterOf } from './order-filter.js';

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
    // The gateway validates the limit; this only keeps a bad caller from asking for everything. One more tells if a page follows.
    const filtered = orderFilterOf(query, Math.min(Math.max(Math.trunc(query.limit) || DEFAULT_LIMIT, 1), MAX_LIMIT) + 1);
    if (!filtered.ok) return filtered;
    const filter = filtered.value;
    const rows = await listOrders(this.reader, filter);
    const page = rows.slice(0, filter.limit - 1);
    const last = page.at(-1);
    return ok({
      items: page.map((r) => toOrderView(r.order, r.archived)),
      nextCursor: rows.length > page.length && last ? encodeCursor({ createdAt: last.cursorAt, id: last.order.id }) : null,
    });
  }
}
