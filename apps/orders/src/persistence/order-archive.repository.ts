import { orderStatusCode } from '#contracts';
import type { Reader, Sql } from '#persistence';
import type { Order } from '../domain/order.js';
import { orderColumns, toOrder, type OrderRow } from './order.mapper.js';

const TERMINAL = (['PICKED_UP', 'REJECTED', 'CANCELLED'] as const).map(orderStatusCode);
/** Children before their order: the working tables' foreign keys point at orders.orders. */
const MOVED_WITH_THE_ORDER = ['order_items', 'payments', 'status_history', 'refunds', 'idempotency_keys'];

/**
 * Moves up to `limit` orders terminal and unchanged since before `cutoff` to `orders_archive`, with
 * their lines, payments, history, refunds and idempotency keys, and deletes their published outbox
 * rows; returns their ids. Orders locked by a command, or with an outbox row not yet published, stay
 * for a later batch (SKIP LOCKED: several replicas archive side by side).
 */
export async function archiveTerminalOrders(tx: Sql, cutoff: Date, limit: number): Promise<string[]> {
  const picked = await tx.rows<{ id: string }>(
    `SELECT o.id FROM orders.orders o
      WHERE o.status = ANY($1::smallint[]) AND o.updated_at < $2
        AND NOT EXISTS (SELECT 1 FROM orders.outbox x WHERE x.order_id = o.id AND x.published_at IS NULL)
      ORDER BY o.updated_at LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [TERMINAL, cutoff, limit],
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
    `WITH moved AS (DELETE FROM orders.orders WHERE id = ANY($1::uuid[]) RETURNING *)
     INSERT INTO orders_archive.orders SELECT * FROM moved`,
    [ids],
  );
  return ids;
}

/** An archived order, as it stood when it left the working tables. */
export async function findArchivedOrder(sql: Reader, orderId: string): Promise<Order | null> {
  const [row] = await sql.rows<OrderRow>(
    `SELECT ${orderColumns('orders_archive')} FROM orders_archive.orders o WHERE o.id = $1`,
    [orderId],
  );
  return row ? toOrder(row) : null;
}
