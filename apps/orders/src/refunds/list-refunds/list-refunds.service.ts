import type { ListRefundsQuery, RefundPage, Result } from '#contracts';
import { readerOf, type Reader } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../../queries/list-orders/order-cursor.js';
import { fail, ok } from '../../result.js';
import { REFUND_COLUMNS, toRefundView, type RefundRow } from '../refund.mapper.js';

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
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.status !== undefined) where.push(`r.status = ${param(query.status)}`);
    if (query.orderId !== undefined) where.push(`r.order_id = ${param(query.orderId)}::uuid`);
    if (query.brandIds !== undefined) {
      where.push(`r.order_id IN (SELECT o.id FROM orders.orders o WHERE o.brand_id = ANY(${param(query.brandIds)}::text[]))`);
    }
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor);
      if (!cursor) return fail({ code: 'invalid_cursor', detail: 'cursor is not one this API handed out.' });
      where.push(`(r.created_at, r.id) > (${param(cursor.createdAt)}::timestamptz, ${param(cursor.id)}::uuid)`);
    }
    const limit = Math.min(Math.max(Math.trunc(query.limit) || DEFAULT_LIMIT, 1), MAX_LIMIT);
    const rows = await this.reader.rows<RefundRow & { cursor_at: string }>(
      `SELECT ${REFUND_COLUMNS},
              to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
         FROM orders.refunds r
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY r.created_at, r.id
        LIMIT ${limit + 1}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return ok({
      items: page.map(toRefundView),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.cursor_at, id: last.id }) : null,
    });
  }
}
