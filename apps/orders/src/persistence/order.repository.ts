import { itemStatusCode, orderStatusCode } from '#contracts';
import { type Reader, type Sql, writeBatch, type WritePart } from '#persistence';
import type { Order, OrderEvent, OrderItem, Transition } from '../domain/order.js';
import { reachedTerminalAt } from '../domain/terminal-at.js';
import { addedAtOf, historyOf, ORDER_COLUMNS, toOrder, type HistoryRow, type OrderRow } from './order.mapper.js';
import type { OrderChange } from './order-change.js';
import { prepTimesRecord } from './prep-time.repository.js';
import { refundsInsert } from './refund.repository.js';

/**
 * The order aggregate (order, items, payments, status history) in plain SQL, mapped to domain
 * types at this boundary. Writes take many rows at once, whatever the number of orders: one part
 * per table, and a batch's parts go in one statement (libs/persistence's batch-write.ts). Each
 * function that sends SQL takes the connection it must run on (in a transaction or not).
 */

export async function findOrder(sql: Reader, orderId: string): Promise<Order | null> {
  const [row] = await sql.rows<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders.orders o WHERE o.id = $1`, [orderId]);
  return row ? toOrder(row) : null;
}

/** The order of this id, or else the brand's order of this channel order id. */
export async function findOrderOrChannelOrder(sql: Reader, order: Pick<Order, 'id' | 'brandId' | 'channelOrderId'>) {
  const [row] = await sql.rows<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders.orders o
      WHERE o.id = $1 OR (o.brand_id = $2 AND o.channel_order_id = $3) ORDER BY o.id = $1 DESC LIMIT 1`,
    [order.id, order.brandId, order.channelOrderId],
  );
  return row ? toOrder(row) : null;
}

/**
 * The orders of these ids, their rows locked until the transaction ends. Locking and reading are
 * two statements on purpose: under READ COMMITTED a `SELECT … FOR UPDATE` that waits for a
 * concurrent writer returns that writer's order row but reads the items and history of its
 * subqueries from the snapshot taken before the wait. Read after the lock, all of it is current,
 * and stays so: every writer of an order's rows locks the order's row first.
 */
export async function lockOrders(tx: Sql, orderIds: string[]): Promise<Map<string, Order>> {
  const ids = [...new Set(orderIds)].sort();
  // In id order, so concurrent batches never wait on each other in a circle.
  await tx.rows('SELECT id FROM orders.orders WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
  const rows = await tx.rows<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders.orders o WHERE o.id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, toOrder(r)]));
}

/**
 * Ids of the orders inserted; one that exists already (same id or same brand and channel order id)
 * is left out. ON CONFLICT waits for a concurrent insert of the same order to commit, then yields to it.
 */
export async function insertOrders(sql: Sql, orders: Order[]): Promise<Set<string>> {
  if (orders.length === 0) return new Set();
  const column = <T>(pick: (o: Order) => T) => orders.map(pick);
  const rows = await sql.rows<{ id: string }>(
    `INSERT INTO orders.orders (id, channel_order_id, brand_id, account, customer_id, customer, delivery_address,
       pickup_time, currency, status, version, last_sequence, total_amount, placed_at, created_at, updated_at, backfilled,
       fulfillment, scheduled, release_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[],
                          $8::timestamptz[], $9::text[], $10::smallint[], $11::int[], $12::int[], $13::numeric[],
                          $14::timestamptz[], $15::timestamptz[], $16::timestamptz[], $17::boolean[], $18::jsonb[], $19::boolean[], $20::timestamptz[])
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
      column((o) => orderStatusCode(o.status)),
      column((o) => o.version),
      column((o) => o.lastSequence),
      column((o) => o.totalAmount.toDecimal()),
      column((o) => o.placedAt),
      column((o) => o.createdAt),
      column((o) => o.updatedAt),
      column((o) => o.backfilled),
      column((o) => JSON.stringify(o.fulfillment)),
      column((o) => o.scheduled),
      column((o) => o.releaseAt),
    ],
  );
  return new Set(rows.map((r) => r.id));
}

/** Orders written earlier in the same transaction and refused after all; their lines go with them. */
export const ordersDelete = (orderIds: string[]): WritePart | null =>
  orderIds.length ? { sql: 'DELETE FROM orders.orders WHERE id = ANY($1::uuid[])', params: [orderIds] } : null;

/**
 * Inserts the payments of these orders whose reference is still free. Returns the (reference,
 * order) pairs stored: a reference claimed by another order, or twice, is missing from it.
 */
export async function insertPayments(sql: Sql, orders: Order[]): Promise<Set<string>> {
  const payments = orders.flatMap((o) => o.payments.map((p, index) => ({ orderId: o.id, lineNo: index + 1, ...p })));
  if (payments.length === 0) return new Set();
  const rows = await sql.rows<{ reference: string; order_id: string }>(
    `INSERT INTO orders.payments (reference, order_id, line_no, amount)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::int[], $4::numeric[])
     ON CONFLICT (reference) DO NOTHING RETURNING reference, order_id`,
    [
      payments.map((p) => p.reference),
      payments.map((p) => p.orderId),
      payments.map((p) => p.lineNo),
      payments.map((p) => p.amount.toDecimal()),
    ],
  );
  return new Set(rows.map((r) => paymentKey(r.reference, r.order_id)));
}

export const paymentKey = (reference: string, orderId: string): string => `${orderId}\u0000${reference}`;

/**
 * The lines and history of orders just inserted (with insertOrders and insertPayments), and the
 * rest of the creating batch's writes (`also`), in one statement.
 */
export async function saveNewOrders(tx: Sql, placed: Transition[], also: (WritePart | null)[] = []): Promise<void> {
  await writeBatch(tx, [
    itemsInsert(placed.flatMap(({ order }) => order.items.map((item) => ({ orderId: order.id, item, addedAt: order.placedAt })))),
    historyInsert(placed.flatMap(({ order, events }) => historyOf(order, events))),
    ...also,
  ]);
}

/**
 * Writes the accepted changes of a batch and the rest of its writes (`also`) in one statement,
 * whatever their number: each order and item goes straight from its locked state to the batch's
 * last, and the history and refunds of every change are appended, numbered as they were decided.
 */
export async function saveChanges(tx: Sql, changes: OrderChange[], also: (WritePart | null)[] = []): Promise<void> {
  const changedItems = changes.flatMap(({ before, after }) =>
    after.items.flatMap((item) => {
      const was = before.items.find((i) => i.plu === item.plu);
      const changed = was && (was.status !== item.status || was.quantity !== item.quantity || was.removed !== item.removed);
      return changed ? [{ orderId: after.id, was, item }] : [];
    }),
  );
  const addedItems = changes.flatMap(({ before, after, events }) => {
    const addedAt = addedAtOf(events, after.placedAt);
    return after.items
      .filter((i) => !before.items.some((b) => b.plu === i.plu))
      .map((item) => ({ orderId: after.id, item, addedAt: addedAt(item.plu) }));
  });
  await writeBatch(tx, [
    ordersUpdate(changes),
    itemsUpdate(changedItems),
    itemsInsert(addedItems),
    historyInsert(changes.flatMap(({ after, events }) => historyOf(after, events))),
    refundsInsert(changes.flatMap(({ events }) => events.flatMap((e) => (e.type === 'refund.requested' ? [e.refund] : [])))),
    ...prepTimesRecord(changes),
    ...also,
  ]);
}

/**
 * Moves many orders at once, each only from the version it was locked at. An order's terminal
 * time is set once, by the change that ends it: no status leads out of a terminal one.
 */
function ordersUpdate(changes: OrderChange[]): WritePart | null {
  if (changes.length === 0) return null;
  return {
    sql: `UPDATE orders.orders o
        SET status = t.status, version = t.version, last_sequence = t.last_sequence, updated_at = t.updated_at,
            total_amount = t.total_amount, accepted_at = t.accepted_at, promised_ready_at = t.promised_ready_at,
            customer = t.customer, delivery_address = t.delivery_address, pickup_time = t.pickup_time,
            fulfillment = t.fulfillment, scheduled = t.scheduled, release_at = t.release_at,
            terminal_at = coalesce(o.terminal_at, t.terminal_at)
       FROM unnest($1::uuid[], $2::smallint[], $3::int[], $4::int[], $5::int[], $6::timestamptz[], $7::numeric[],
                   $8::timestamptz[], $9::timestamptz[], $10::jsonb[], $11::jsonb[], $12::timestamptz[], $13::jsonb[],
                   $14::boolean[], $15::timestamptz[], $16::timestamptz[])
         AS t(id, status, from_version, version, last_sequence, updated_at, total_amount, accepted_at, promised_ready_at,
              customer, delivery_address, pickup_time, fulfillment, scheduled, release_at, terminal_at)
      WHERE o.id = t.id AND o.version = t.from_version`,
    params: [
      changes.map((c) => c.after.id),
      changes.map((c) => orderStatusCode(c.after.status)),
      changes.map((c) => c.before.version),
      changes.map((c) => c.after.version),
      changes.map((c) => c.after.lastSequence),
      changes.map((c) => c.after.updatedAt),
      changes.map((c) => c.after.totalAmount.toDecimal()),
      changes.map((c) => c.after.acceptedAt),
      changes.map((c) => c.after.promisedReadyAt),
      changes.map((c) => JSON.stringify(c.after.customer)),
      changes.map((c) => (c.after.deliveryAddress ? JSON.stringify(c.after.deliveryAddress) : null)),
      changes.map((c) => c.after.pickupTime),
      changes.map((c) => JSON.stringify(c.after.fulfillment)),
      changes.map((c) => c.after.scheduled),
      changes.map((c) => c.after.releaseAt),
      changes.map((c) => reachedTerminalAt(c.events)),
    ],
    // The rows are locked since they were read, so this only fails if something bypassed the lock.
    expected: { rows: changes.length, error: 'an order moved under its lock' },
  };
}

/** Moves many items at once, each only from the status it was locked in. */
function itemsUpdate(items: { orderId: string; was: OrderItem; item: OrderItem }[]): WritePart | null {
  if (items.length === 0) return null;
  return {
    sql: `UPDATE orders.order_items i SET status = t.status, quantity = t.quantity, removed = t.removed
       FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::smallint[], $5::int[], $6::boolean[])
         AS t(order_id, plu, from_status, status, quantity, removed)
      WHERE i.order_id = t.order_id AND i.plu = t.plu AND i.status = t.from_status`,
    params: [
      items.map((i) => i.orderId),
      items.map((i) => i.item.plu),
      items.map((i) => itemStatusCode(i.was.status)),
      items.map((i) => itemStatusCode(i.item.status)),
      items.map((i) => i.item.quantity),
      items.map((i) => i.item.removed),
    ],
    expected: { rows: items.length, error: 'an item moved under its order lock' },
  };
}

function itemsInsert(lines: { orderId: string; item: OrderItem; addedAt: Date }[]): WritePart | null {
  if (lines.length === 0) return null;
  return {
    sql: `INSERT INTO orders.order_items (order_id, plu, line_no, name, quantity, unit_price, status, added_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::int[], $6::numeric[], $7::smallint[],
                          $8::timestamptz[])`,
    params: [
      lines.map((l) => l.orderId),
      lines.map((l) => l.item.plu),
      lines.map((l) => l.item.lineNo),
      lines.map((l) => l.item.name),
      lines.map((l) => l.item.quantity),
      lines.map((l) => l.item.unitPrice?.toDecimal() ?? null),
      lines.map((l) => itemStatusCode(l.item.status)),
      lines.map((l) => l.addedAt),
    ],
  };
}

function historyInsert(entries: HistoryRow[]): WritePart | null {
  if (entries.length === 0) return null;
  return {
    sql: `INSERT INTO orders.status_history (order_id, plu, from_status, to_status, at, reason, actor, sequence)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::smallint[], $5::timestamptz[], $6::text[],
                          $7::text[], $8::int[])`,
    params: [
      entries.map((e) => e.orderId),
      entries.map((e) => e.plu),
      entries.map((e) => e.fromStatus),
      entries.map((e) => e.toStatus),
      entries.map((e) => e.at),
      entries.map((e) => e.reason),
      entries.map((e) => e.actor),
      entries.map((e) => e.sequence),
    ],
  };
}

/** Replay ids (dead-letter replays of adding items) among these that were applied already. */
export async function appliedReplays(sql: Sql, messageIds: string[]): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await sql.rows<{ message_id: string }>(
    'SELECT message_id FROM orders.applied_replays WHERE message_id = ANY($1::text[])',
    [messageIds],
  );
  return new Set(rows.map((r) => r.message_id));
}

/** Records replays applied in this transaction; the order's row lock orders concurrent copies. */
export function replaysRecord(replays: { messageId: string; orderId: string; at: Date }[]): WritePart | null {
  if (replays.length === 0) return null;
  return {
    sql: `INSERT INTO orders.applied_replays (message_id, order_id, applied_at)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::timestamptz[]) ON CONFLICT DO NOTHING`,
    params: [replays.map((r) => r.messageId), replays.map((r) => r.orderId), replays.map((r) => r.at)],
  };
}
