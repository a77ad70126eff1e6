import { type ListOrdersQuery, orderStatusCode, type OrderPage, type Result } from '#contracts';
import { readerOf, type Reader } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ORDER_VIEW_COLUMNS, toOrderView, type OrderViewRow } from '../../persistence/order.mapper.js';
import { fail, ok } from '../../result.js';
import { parseInstant } from '../../time.js';
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
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;

    if (query.status?.length) where.push(`o.status = ANY(${param(query.status.map(orderStatusCode))}::smallint[])`);
    if (query.brandId !== undefined) where.push(`o.brand_id = ${param(query.brandId)}`);
    if (query.brandIds !== undefined) where.push(`o.brand_id = ANY(${param(query.brandIds)}::text[])`);
    if (query.customerId !== undefined) where.push(`o.customer_id = ${param(query.customerId)}`);
    for (const [field, op] of [
      ['createdFrom', '>='],
      ['createdTo', '<'],
    ] as const) {
      const raw = query[field];
      if (raw === undefined) continue;
      const instant = parseInstant(raw);
      if (!instant) return fail({ code: 'invalid_time', field, detail: `${field} is not an ISO 8601 instant.` });
      where.push(`o.created_at ${op} ${param(instant)}`);
    }
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor);
      if (!cursor) return fail({ code: 'invalid_cursor', detail: 'cursor is not one this API handed out.' });
      where.push(`(o.created_at, o.id) < (${param(cursor.createdAt)}::timestamptz, ${param(cursor.id)}::uuid)`);
    }

    // The gateway validates the limit; this only keeps a bad caller from asking for everything.
    const limit = Math.min(Math.max(Math.trunc(query.limit) || DEFAULT_LIMIT, 1), MAX_LIMIT);
    const rows = await this.reader.rows<OrderViewRow & { cursor_at: string }>(
      `SELECT ${ORDER_VIEW_COLUMNS},
              to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
         FROM orders.orders o
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY o.created_at DESC, o.id DESC
        LIMIT ${limit + 1}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return ok({
      items: page.map(toOrderView),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.cursor_at, id: last.id }) : null,
    });
  }
}
