import { itemStatusCode, itemStatusFromCode, orderStatusCode, orderStatusFromCode, type RefundStatus } from '#contracts';
import { Money } from '../domain/money.js';
import { defaultFulfillment, type Fulfillment } from '../domain/fulfillment.js';
import type { Address, Customer, Order, OrderEvent } from '../domain/order.js';

/**
 * Rows of the orders schema ↔ the order aggregate. Statuses are stored as smallint codes and
 * amounts as numeric; both are converted here and nowhere else.
 */

/** One order with its lines and payments, as ORDER_COLUMNS selects it; amounts as numeric's exact text. */
export interface OrderRow {
  id: string;
  channel_order_id: string;
  brand_id: string;
  account: string | null;
  customer_id: string | null;
  customer: Customer;
  delivery_address: Address | null;
  /** Null on orders stored before fulfillment existed: their mode is the default of their address. */
  fulfillment: Fulfillment | null;
  pickup_time: Date | null;
  currency: string | null;
  status: number;
  version: number;
  last_sequence: number;
  total_amount: string;
  placed_at: Date;
  created_at: Date;
  updated_at: Date;
  backfilled: boolean;
  scheduled: boolean;
  /** Null on orders stored before scheduling existed (and no longer awaiting acceptance): released when created. */
  release_at: Date | null;
  accepted_at: Date | null;
  promised_ready_at: Date | null;
  last_change_at: Date;
  items: {
    plu: string;
    lineNo: number;
    name: string;
    quantity: number;
    unitPrice: string | null;
    status: number;
    removed: boolean;
  }[];
  payments: { reference: string; amount: string }[];
  refunds: { id: string; paymentReference: string; amount: string; status: RefundStatus; reason: string; createdAt: string }[];
}

/** The order's columns with its lines and payments, from the tables of `schema`; the table alias is `o`. */
export const orderColumns = (schema: 'orders' | 'orders_archive') => `
  o.id, o.channel_order_id, o.brand_id, o.account, o.customer_id, o.customer, o.delivery_address, o.fulfillment, o.pickup_time,
  o.currency, o.status, o.version, o.last_sequence, o.total_amount::text AS total_amount, o.placed_at, o.created_at,
  o.updated_at, o.backfilled, o.scheduled, o.release_at, o.accepted_at, o.promised_ready_at,
  (SELECT max(h.at) FROM ${schema}.status_history h WHERE h.order_id = o.id) AS last_change_at,
  coalesce((SELECT json_agg(json_build_object('plu', i.plu, 'lineNo', i.line_no, 'name', i.name, 'quantity', i.quantity,
                                              'unitPrice', i.unit_price::text, 'status', i.status, 'removed', i.removed)
                        ORDER BY i.line_no)
              FROM ${schema}.order_items i WHERE i.order_id = o.id), '[]') AS items,
  coalesce((SELECT json_agg(json_build_object('reference', p.reference, 'amount', p.amount::text) ORDER BY p.line_no)
              FROM ${schema}.payments p WHERE p.order_id = o.id), '[]') AS payments,
  coalesce((SELECT json_agg(json_build_object('id', r.id, 'paymentReference', r.payment_reference, 'amount', r.amount::text,
                                              'status', r.status, 'reason', r.reason, 'createdAt', r.created_at)
                            ORDER BY r.created_at, r.id)
              FROM ${schema}.refunds r WHERE r.order_id = o.id), '[]') AS refunds`;
export const ORDER_COLUMNS = orderColumns('orders');

export function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    channelOrderId: row.channel_order_id,
    brandId: row.brand_id,
    account: row.account,
    customerId: row.customer_id,
    customer: row.customer,
    deliveryAddress: row.delivery_address,
    fulfillment: row.fulfillment ?? defaultFulfillment(row.delivery_address !== null),
    pickupTime: row.pickup_time,
    currency: row.currency,
    status: orderStatusFromCode(row.status),
    version: row.version,
    lastSequence: row.last_sequence,
    lastChangeAt: row.last_change_at,
    totalAmount: Money.parse(row.total_amount),
    placedAt: row.placed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    backfilled: row.backfilled,
    scheduled: row.scheduled,
    releaseAt: row.release_at ?? row.created_at,
    acceptedAt: row.accepted_at,
    promisedReadyAt: row.promised_ready_at,
    items: row.items.map((i) => ({
      plu: i.plu,
      lineNo: i.lineNo,
      name: i.name,
      quantity: i.quantity,
      unitPrice: i.unitPrice === null ? null : Money.parse(i.unitPrice),
      status: itemStatusFromCode(i.status),
      removed: i.removed,
    })),
    payments: row.payments.map((p) => ({ reference: p.reference, amount: Money.parse(p.amount) })),
    refunds: row.refunds.map((r) => ({
      id: r.id,
      orderId: row.id,
      paymentReference: r.paymentReference,
      amount: Money.parse(r.amount),
      status: r.status,
      reason: r.reason,
      createdAt: new Date(r.createdAt),
    })),
  };
}

export interface HistoryRow {
  orderId: string;
  plu: string | null;
  fromStatus: number | null;
  toStatus: number;
  at: Date;
  reason: string | null;
  actor: string | null;
  sequence: number | null;
}

/**
 * The status history entries the events of `order` stand for. The items' QUEUED entries start
 * their time in status: those of a new order are implied by order.created (no sequence of their
 * own), those of added lines belong to order.items_added.
 */
export function historyOf(order: Order, events: readonly OrderEvent[]): HistoryRow[] {
  const entry = (
    plu: string | null,
    from: number | null,
    to: number,
    e: OrderEvent & { actor: string },
    sequence: number | null,
  ) => ({
    orderId: order.id,
    plu,
    fromStatus: from,
    toStatus: to,
    at: e.at,
    reason: e.type === 'order.status_changed' || e.type === 'order.item_status_changed' ? e.reason : null,
    actor: e.actor,
    sequence,
  });
  const queued = itemStatusCode('QUEUED');
  return events.flatMap((e): HistoryRow[] => {
    switch (e.type) {
      case 'order.placed':
        return [
          entry(null, null, orderStatusCode('PLACED'), e, e.sequence),
          ...order.items.map((i) => entry(i.plu, null, queued, e, null)),
        ];
      case 'order.status_changed':
        return [entry(null, orderStatusCode(e.from), orderStatusCode(e.to), e, e.sequence)];
      case 'order.item_status_changed':
        return [entry(e.plu, itemStatusCode(e.from), itemStatusCode(e.to), e, e.sequence)];
      case 'order.items_added':
        return e.newPlus.map((plu) => entry(plu, null, queued, e, e.sequence));
      case 'order.promised_time_changed':
      case 'order.item_quantity_changed':
      case 'order.updated':
      case 'refund.requested':
        return [];
    }
  });
}

/** When each line added by these events was added. */
export function addedAtOf(events: readonly OrderEvent[], placedAt: Date): (plu: string) => Date {
  const added = new Map<string, Date>();
  for (const e of events) if (e.type === 'order.items_added') for (const plu of e.newPlus) added.set(plu, e.at);
  return (plu) => added.get(plu) ?? placedAt;
}
