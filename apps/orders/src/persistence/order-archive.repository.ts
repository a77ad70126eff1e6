import type { Reader, Sql } from '#persistence';
import type { Order } from '../domain/order.js';
import { orderColumns, toOrder, type OrderRow } from './order.mapper.js';

/**
 * Children before their order: the working tables' foreign keys point at orders.orders. Idempotency
 * keys stay behind, so that a retried create still finds its key by the primary key it always
 * used; tracking tokens stay until their link expires (`purgeExpiredTrackingTokens`).
 */
const MOVED_WITH_THE_ORDER = ['order_items', 'payments', 'status_history', 'refunds'];

/**
 * Moves up to `limit` orders that reached their terminal status before `cutoff` to `orders_archive`,
 * with their lines, payments, history and refunds, and deletes their published outbox rows; returns
 * their ids. Their tracking tokens are stamped with the end of the link's life, `trackingTtlMs` after
 * the terminal status. Orders locked by a command, or with an outbox row not yet published, stay
 * for a later batch (SKIP LOCKED: several replicas archive side by side).
 */
export async function archiveTerminalOrders(tx: Sql, cutoff: Date, limit: number, trackingTtlMs: number): Promise<string[]> {
  const picked = await tx.rows<{ id: string }>(
    `SELECT o.id FROM orders.orders o
      WHERE o.terminal_at < $1
        AND NOT EXISTS (SELECT 1 FROM orders.outbox x WHERE x.order_id = o.id AND x.published_at IS NULL)
      ORDER BY o.terminal_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [cutoff, limit],
  );
  const ids = picked.map((r) => r.id);
  if (ids.length === 0) return ids;
  for (const table of MOVED_WITH_THE_ORDER) {
    await tx.affected(
      `WITH moved AS (DELETE FROM orders.${table} WHERE order_id = ANY($1::uuid[]) RETURNING *)
       INSERT INTO orders_archive.${table} SELECT * FROM moved`,
      [ids],
    );
  }
  await tx.affected(`DELETE FROM orders.outbox WHERE order_id = ANY($1::uuid[]) AND published_at IS NOT NULL`, [ids]);
  await tx.affected(
    `UPDATE orders.tracking_tokens t SET expires_at = o.terminal_at + $2 * interval '1 millisecond'
       FROM orders.orders o WHERE o.id = t.order_id AND t.order_id = ANY($1::uuid[])`,
    [ids, trackingTtlMs],
  );
  await tx.affected(
    `WITH moved AS (DELETE FROM orders.orders WHERE id = ANY($1::uuid[]) RETURNING *)
     INSERT INTO orders_archive.orders SELECT * FROM moved`,
    [ids],
  );
  return ids;
}

/**
 * Deletes up to `limit` tokens of archived orders whose link has expired by `now`; returns how many.
 * (A later, longer TRACKING_TTL_MS does not bring them back: the link answers 404 either way.)
 */
export async function purgeExpiredTrackingTokens(tx: Sql, now: Date, limit: number): Promise<number> {
  return tx.affected(
    `DELETE FROM orders.tracking_tokens WHERE token_digest IN (
       SELECT token_digest FROM orders.tracking_tokens WHERE expires_at <= $1 LIMIT $2)`,
    [now, limit],
  );
}

/**
 * Which of these new orders the archive holds already (by id, or by brand and channel order id),
 * and which of these payment references an archived order holds: one statement, each probe on an
 * index (the archive's primary keys and its channel order index).
 */
export async function archivedAmong(
  sql: Reader,
  orders: readonly Pick<Order, 'id' | 'brandId' | 'channelOrderId'>[],
  references: readonly string[],
): Promise<{ orders: Set<string>; references: Set<string> }> {
  if (orders.length === 0) return { orders: new Set(), references: new Set() };
  const rows = await sql.rows<{ kind: 'order' | 'payment'; name: string }>(
    `SELECT 'order' AS kind, t.id::text AS name
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, brand_id, channel_order_id)
      WHERE EXISTS (SELECT 1 FROM orders_archive.orders a WHERE a.id = t.id)
         OR EXISTS (SELECT 1 FROM orders_archive.orders a
                     WHERE a.brand_id = t.brand_id AND a.channel_order_id = t.channel_order_id)
     UNION ALL
     SELECT 'payment', p.reference FROM orders_archive.payments p WHERE p.reference = ANY($4::text[])`,
    [orders.map((o) => o.id), orders.map((o) => o.brandId), orders.map((o) => o.channelOrderId), references],
  );
  const named = (kind: string) => new Set(rows.filter((r) => r.kind === kind).map((r) => r.name));
  return { orders: named('order'), references: named('payment') };
}

/** Whether any order was ever archived here. */
export async function archiveHoldsOrders(sql: Reader): Promise<boolean> {
  const [row] = await sql.rows<{ held: boolean }>(`SELECT EXISTS (SELECT 1 FROM orders_archive.orders) AS held`);
  return row!.held;
}

/** An archived order, as it stood when it left the working tables. */
export async function findArchivedOrder(sql: Reader, orderId: string): Promise<Order | null> {
  const [row] = await sql.rows<OrderRow>(
    `SELECT ${orderColumns('orders_archive')} FROM orders_archive.orders o WHERE o.id = $1`,
    [orderId],
  );
  return row ? toOrder(row) : null;
}

/** The archived order of this id, or else the brand's archived order of this channel order id. */
export async function findArchivedOrderOrChannelOrder(
  sql: Reader,
  order: Pick<Order, 'id' | 'brandId' | 'channelOrderId'>,
): Promise<Order | null> {
  const [row] = await sql.rows<OrderRow>(
    `SELECT ${orderColumns('orders_archive')} FROM orders_archive.orders o
      WHERE o.id = $1 OR (o.brand_id = $2 AND o.channel_order_id = $3) ORDER BY o.id = $1 DESC LIMIT 1`,
    [order.id, order.brandId, order.channelOrderId],
  );
  return row ? toOrder(row) : null;
}
