import type { OrderView } from '#contracts';
import type { Reader, Sql } from '#persistence';
import type { AddressJson, CustomerJson } from './order.entity.js';
import { ORDER_VIEW_SELECT, toOrderView, type OrderViewRow } from './order.mapper.js';

/**
 * The order aggregate (order, items, payments, status history, idempotency keys) in plain SQL.
 * Writes take many rows at once: one statement per table, whatever the number of orders.
 * Each function takes the connection it must run on (inside a transaction or not).
 */

export interface NewOrderRow {
  id: string;
  channelOrderId: string;
  brandId: string;
  account: string | null;
  customerId: string | null;
  customer: CustomerJson;
  deliveryAddress: AddressJson | null;
  pickupTime: Date | null;
  currency: string | null;
  status: number;
  totalAmount: string;
  placedAt: Date;
  createdAt: Date;
  backfilled: boolean;
}

export interface ItemRow {
  orderId: string;
  plu: string;
  lineNo: number;
  name: string;
  quantity: number;
  unitPrice: string | null;
  status: number;
  addedAt: Date;
}

export interface PaymentRow {
  reference: string;
  orderId: string;
  lineNo: number;
  amount: string;
}

export interface HistoryRow {
  orderId: string;
  plu: string | null;
  fromStatus: number | null;
  toStatus: number;
  at: Date;
  reason?: string | null;
  actor: string | null;
  sequence: number | null;
}

export interface KeyRow {
  key: string;
  requestHash: string;
  orderId: string;
}

export async function findOrderView(sql: Reader, orderId: string): Promise<OrderView | null> {
  const [row] = await sql.rows<OrderViewRow>(`${ORDER_VIEW_SELECT} WHERE o.id = $1`, [orderId]);
  return row ? toOrderView(row) : null;
}

/** Keys stored now; a key already taken (by a committed or concurrent request) is left out. */
export async function insertIdempotencyKeys(sql: Sql, keys: KeyRow[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await sql.rows<{ key: string }>(
    `INSERT INTO orders.idempotency_keys (key, request_hash, order_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) ON CONFLICT DO NOTHING RETURNING key`,
    [keys.map((k) => k.key), keys.map((k) => k.requestHash), keys.map((k) => k.orderId)],
  );
  return new Set(rows.map((r) => r.key));
}

export async function deleteIdempotencyKeys(sql: Sql, keys: string[]): Promise<void> {
  if (keys.length) await sql.affected('DELETE FROM orders.idempotency_keys WHERE key = ANY($1::text[])', [keys]);
}

/**
 * Ids of the orders inserted; one that exists already (same id or same brand and channel order id)
 * is left out. ON CONFLICT waits for a concurrent insert of the same order to commit, then yields to it.
 */
export async function insertOrders(sql: Sql, orders: NewOrderRow[]): Promise<Set<string>> {
  if (orders.length === 0) return new Set();
  const column = <T>(pick: (o: NewOrderRow) => T) => orders.map(pick);
  const rows = await sql.rows<{ id: string }>(
    `INSERT INTO orders.orders (id, channel_order_id, brand_id, account, customer_id, customer, delivery_address,
       pickup_time, currency, status, version, last_sequence, total_amount, placed_at, created_at, updated_at, backfilled)
     SELECT id, channel_order_id, brand_id, account, customer_id, customer, delivery_address,
            pickup_time, currency, status, 1, 1, total_amount, placed_at, created_at, created_at, backfilled
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[],
                   $8::timestamptz[], $9::text[], $10::smallint[], $11::numeric[], $12::timestamptz[],
                   $13::timestamptz[], $14::boolean[])
         AS t(id, channel_order_id, brand_id, account, customer_id, customer, delivery_address,
              pickup_time, currency, status, total_amount, placed_at, created_at, backfilled)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      column((o) => o.id),
      column((o) => o.channelOrderId),
      column((o) => o.brandId),
      column((o) => o.account),
      column((o) => o.customerId),
      column((o) => JSON.stringify(o.customer)),
      column((o) => (o.deliveryAddress ? JSON.stringify(o.deliveryAddress) : null)),
      column((o) => o.pickupTime),
      column((o) => o.currency),
      column((o) => o.status),
      column((o) => o.totalAmount),
      column((o) => o.placedAt),
      column((o) => o.createdAt),
      column((o) => o.backfilled),
    ],
  );
  return new Set(rows.map((r) => r.id));
}

/** Orders written earlier in the same transaction and refused after all; their lines go with them. */
export async function deleteOrders(sql: Sql, orderIds: string[]): Promise<void> {
  if (orderIds.length) await sql.affected('DELETE FROM orders.orders WHERE id = ANY($1::uuid[])', [orderIds]);
}

/**
 * Inserts the payments whose reference is still free. Returns the (reference, order) pairs
 * stored: a reference claimed by another order, or twice, is missing from it.
 */
export async function insertPayments(sql: Sql, payments: PaymentRow[]): Promise<Set<string>> {
  if (payments.length === 0) return new Set();
  const rows = await sql.rows<{ reference: string; order_id: string }>(
    `INSERT INTO orders.payments (reference, order_id, line_no, amount)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::int[], $4::numeric[])
     ON CONFLICT (reference) DO NOTHING RETURNING reference, order_id`,
    [
      payments.map((p) => p.reference),
      payments.map((p) => p.orderId),
      payments.map((p) => p.lineNo),
      payments.map((p) => p.amount),
    ],
  );
  return new Set(rows.map((r) => paymentKey(r.reference, r.order_id)));
}

export const paymentKey = (reference: string, orderId: string): string => `${orderId}\u0000${reference}`;

export async function insertItems(sql: Sql, items: ItemRow[]): Promise<void> {
  if (items.length === 0) return;
  await sql.affected(
    `INSERT INTO orders.order_items (order_id, plu, line_no, name, quantity, unit_price, status, added_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::int[], $6::numeric[], $7::smallint[],
                          $8::timestamptz[])`,
    [
      items.map((i) => i.orderId),
      items.map((i) => i.plu),
      items.map((i) => i.lineNo),
      items.map((i) => i.name),
      items.map((i) => i.quantity),
      items.map((i) => i.unitPrice),
      items.map((i) => i.status),
      items.map((i) => i.addedAt),
    ],
  );
}

export async function insertHistory(sql: Sql, entries: HistoryRow[]): Promise<void> {
  if (entries.length === 0) return;
  await sql.affected(
    `INSERT INTO orders.status_history (order_id, plu, from_status, to_status, at, reason, actor, sequence)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::smallint[], $5::timestamptz[], $6::text[],
                          $7::text[], $8::int[])`,
    [
      entries.map((e) => e.orderId),
      entries.map((e) => e.plu),
      entries.map((e) => e.fromStatus),
      entries.map((e) => e.toStatus),
      entries.map((e) => e.at),
      entries.map((e) => e.reason ?? null),
      entries.map((e) => e.actor),
      entries.map((e) => e.sequence),
    ],
  );
}

/** The view of an order just inserted, from the rows written (no read-back). */
export function newOrderView(order: NewOrderRow, items: ItemRow[], payments: PaymentRow[]): OrderView {
  return toOrderView({
    id: order.id,
    channel_order_id: order.channelOrderId,
    brand_id: order.brandId,
    account: order.account,
    customer: order.customer,
    delivery_address: order.deliveryAddress,
    pickup_time: order.pickupTime,
    currency: order.currency,
    status: order.status,
    version: 1,
    total_amount: order.totalAmount,
    placed_at: order.placedAt,
    created_at: order.createdAt,
    updated_at: order.createdAt,
    items: items.map((i) => ({ plu: i.plu, name: i.name, quantity: i.quantity, unitPrice: i.unitPrice, status: i.status })),
    payments: payments.map((p) => ({ reference: p.reference, amount: p.amount })),
  });
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OrderStatusRow {
  id: string;
  status: number;
  /** The version the change was decided on; the row must still be at it. */
  fromVersion: number;
  version: number;
  lastSequence: number;
  updatedAt: Date;
}

/** Moves many orders at once; returns how many were still at their `fromVersion`. */
export async function updateOrderStatuses(sql: Sql, orders: OrderStatusRow[]): Promise<number> {
  if (orders.length === 0) return 0;
  return sql.affected(
    `UPDATE orders.orders o
        SET status = t.status, version = t.version, last_sequence = t.last_sequence, updated_at = t.updated_at
       FROM unnest($1::uuid[], $2::smallint[], $3::int[], $4::int[], $5::int[], $6::timestamptz[])
         AS t(id, status, from_version, version, last_sequence, updated_at)
      WHERE o.id = t.id AND o.version = t.from_version`,
    [
      orders.map((o) => o.id),
      orders.map((o) => o.status),
      orders.map((o) => o.fromVersion),
      orders.map((o) => o.version),
      orders.map((o) => o.lastSequence),
      orders.map((o) => o.updatedAt),
    ],
  );
}

export interface ItemStatusRow {
  orderId: string;
  plu: string;
  fromStatus: number;
  status: number;
}

/** Moves many items at once; returns how many were still at their `fromStatus`. */
export async function updateItemStatuses(sql: Sql, items: ItemStatusRow[]): Promise<number> {
  if (items.length === 0) return 0;
  return sql.affected(
    `UPDATE orders.order_items i SET status = t.status
       FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::smallint[]) AS t(order_id, plu, from_status, status)
      WHERE i.order_id = t.order_id AND i.plu = t.plu AND i.status = t.from_status`,
    [items.map((i) => i.orderId), items.map((i) => i.plu), items.map((i) => i.fromStatus), items.map((i) => i.status)],
  );
}
