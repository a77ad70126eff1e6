import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type ExportOrdersQuery,
  ORDER_EXPORT_PAGE,
  type OrderExportPage,
  type OrderExportRow,
  parseInstant,
  type Result,
} from '#contracts';
import { readerOf, type Reader } from '#persistence';
import { defaultFulfillment } from '../../domain/fulfillment.js';
import { exportPage, type OrderExportRecord } from '../../persistence/order-export.repository.js';
import type { OrderFilter } from '../../persistence/order-queries.repository.js';
import { fail, ok } from '../../result.js';
import { decodeCursor, encodeCursor } from '../list-orders/order-cursor.js';

/**
 * A page of the orders export: the list's filters and keyset (newest createdAt first), a fixed
 * page size, rows as the CSV's cells. The gateway asks page after page and streams them out, so
 * neither side ever holds more than a page.
 */
@Injectable()
export class ExportOrdersService {
  private readonly reader: Reader;

  constructor(dataSource: DataSource) {
    this.reader = readerOf(dataSource);
  }

  async execute(query: ExportOrdersQuery): Promise<Result<OrderExportPage>> {
    const filter: OrderFilter = {
      statuses: query.status,
      brandId: query.brandId,
      brandIds: query.brandIds,
      customerId: query.customerId,
      limit: ORDER_EXPORT_PAGE + 1,
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
    const records = await exportPage(this.reader, filter);
    const page = records.slice(0, ORDER_EXPORT_PAGE);
    const last = page.at(-1);
    return ok({
      rows: page.map(exportRow),
      nextCursor: records.length > page.length && last ? encodeCursor({ createdAt: last.cursorAt, id: last.id }) : null,
    });
  }
}

/** The cells of one order, in ORDER_EXPORT_COLUMNS order. */
export function exportRow(r: OrderExportRecord): OrderExportRow {
  const mode = r.fulfillmentMode ?? defaultFulfillment(r.hasDeliveryAddress).mode;
  return [
    r.id,
    r.channelOrderId,
    r.brandId,
    r.status,
    r.placedAt,
    mode,
    r.itemCount,
    r.totalAmount,
    r.paidAmount,
    r.refundedAmount,
    r.currency,
  ];
}
