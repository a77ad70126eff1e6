import type { Tx } from '#persistence';
import { ORDER_VIEW_COLUMNS } from '../../persistence/order.mapper.js';
import type { OrderState } from './decide-change.js';

/**
 * The batch's orders with what deciding needs, their rows locked until the batch commits.
 * Locking and reading are two statements on purpose: under READ COMMITTED a `SELECT … FOR UPDATE`
 * that waits for a concurrent writer returns that writer's order row but reads the items and
 * history of its subqueries from the snapshot taken before the wait. Read after the lock, all of
 * it is current, and stays so: every writer of an order's rows locks the order's row first.
 */
export async function lockOrderStates(tx: Tx, orderIds: string[]): Promise<Map<string, OrderState>> {
  const ids = [...new Set(orderIds)].sort();
  // In id order, so concurrent batches never wait on each other in a circle.
  await tx.rows('SELECT id FROM orders.orders WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
  const rows = await tx.rows<OrderState>(
    `SELECT ${ORDER_VIEW_COLUMNS}, o.customer_id, o.last_sequence,
            (SELECT max(h.at) FROM orders.status_history h WHERE h.order_id = o.id) AS last_at,
            coalesce((SELECT json_agg(json_build_object('reference', p.reference, 'amount', p.amount::text) ORDER BY p.line_no)
                        FROM orders.payments p WHERE p.order_id = o.id), '[]') AS payment_amounts
       FROM orders.orders o WHERE o.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}
