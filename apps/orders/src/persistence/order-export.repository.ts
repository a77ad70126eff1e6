import { orderStatusFromCode, type OrderStatus } from '#contracts';
import type { Reader } from '#persistence';
import { cursorAtColumn } from './keyset-page.js';
import { filterConditions, fromEachSchema, type OrderFilter } from './order-queries.repository.js';

/** The lines an export counts, as a condition on `orders.order_items i`: those not removed (CONTRACT section 10). */
const COUNTED_LINE = 'NOT i.removed';

export interface OrderExportRecord {
  id: string;
  channelOrderId: string;
  brandId: string;
  status: OrderStatus;
  placedAt: string;
  /** Null on orders stored before fulfilment existed (their mode follows from the address). */
  fulfillmentMode: string | null;
  hasDeliveryAddress: boolean;
  itemCount: number;
  /** Exact decimals as PostgreSQL prints them, trailing zeros dropped. */
  totalAmount: string;
  paidAmount: string;
  refundedAmount: string;
  currency: string | null;
  cursorAt: string;
}

/**
 * One page of the export, newest first on the list's keyset: each order with its line count and
 * amounts summed by the database in the same statement (one lateral aggregate per table, each on
 * its order_id index), so a page costs one round trip whatever it holds.
 */
export async function exportPage(sql: Reader, filter: OrderFilter): Promise<OrderExportRecord[]> {
  return fromEachSchema(filter, (schema) => exportPageOf(sql, schema, filter));
}

async function exportPageOf(sql: Reader, schema: string, filter: OrderFilter): Promise<OrderExportRecord[]> {
  const { param, clause, params } = filterConditions(filter);
  type Row = Omit<OrderExportRecord, 'status' | 'itemCount' | 'cursorAt'> & {
    status: number;
    itemCount: string;
    cursor_at: string;
  };
  const rows = await sql.rows<Row>(
    `SELECT o.id, o.channel_order_id AS "channelOrderId", o.brand_id AS "brandId", o.status,
       to_char(o.placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "placedAt",
       o.fulfillment->>'mode' AS "fulfillmentMode", o.delivery_address IS NOT NULL AS "hasDeliveryAddress",
       i.item_count AS "itemCount", trim_scale(i.total) AS "totalAmount", trim_scale(p.paid) AS "paidAmount",
       trim_scale(r.refunded) AS "refundedAmount", o.currency, ${cursorAtColumn('o')}
     FROM ${schema}.orders o
     CROSS JOIN LATERAL (SELECT count(*) AS item_count, coalesce(sum(i.quantity * coalesce(i.unit_price, 0)), 0) AS total
       FROM ${schema}.order_items i WHERE i.order_id = o.id AND ${COUNTED_LINE}) i
     CROSS JOIN LATERAL (SELECT coalesce(sum(p.amount), 0) AS paid FROM ${schema}.payments p WHERE p.order_id = o.id) p
     CROSS JOIN LATERAL (SELECT coalesce(sum(r.amount), 0) AS refunded FROM ${schema}.refunds r
       WHERE r.order_id = o.id AND r.status <> 'FAILED') r
     ${clause()} ORDER BY o.created_at DESC, o.id DESC LIMIT ${param(filter.limit)}`,
    params,
  );
  return rows.map(({ cursor_at, ...r }) => ({
    ...r,
    status: orderStatusFromCode(r.status),
    itemCount: Number(r.itemCount),
    cursorAt: cursor_at,
  }));
}
