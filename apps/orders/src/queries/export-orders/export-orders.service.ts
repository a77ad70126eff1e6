import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type ExportOrdersQuery, ORDER_EXPORT_PAGE, type OrderExportPage, type OrderExportRow, type Result } from '#contracts';
import { readerOf, type Reader } from '#persistence';
import { defaultFulfillment } from '../../domain/fulfillment.js';
import { exportPage, type OrderExportRecord } from '../../persistence/order-export.repository.js';
import { ok } from '../../result.js';
import { encodeCursor } from '../list-orders/order-cursor.js';
import { orderFilterOf } from '../list-orders/order-filter.js';

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
    const filtered = orderFilterOf(query, ORDER_EXPORT_PAGE + 1);
    if (!filtered.ok) return filtered;
    const records = await exportPage(this.reader, filtered.value);
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
