import type { CloudEvent } from '#contracts';
import type { Tx } from '#persistence';
import { ORDER_VIEW_COLUMNS, type OrderViewRow } from './order.mapper.js';
import { insertHistory, updateItemStatuses, updateOrderStatuses, type HistoryRow } from './order.repository.js';
import { insertOutbox } from './outbox.repository.js';
import { insertRefunds, type NewRefundRow } from './refund.repository.js';

/**
 * Changes to existing orders, decided in memory a batch at a time: the orders are locked and
 * read together, each command is decided on what the commands before it left, and what was
 * accepted is written with one statement per table.
 */

/** An order as a change decides on it: as it was read, then as each change of the batch leaves it. */
export type OrderState = OrderViewRow & {
  customer_id: string | null;
  last_sequence: number;
  last_at: Date;
  /** Exact decimals, for the refunds. */
  payment_amounts: { reference: string; amount: string }[];
};

/** What one accepted change writes, and the state it leaves the order in. */
export interface Change {
  after: OrderState;
  history: HistoryRow[];
  events: CloudEvent[];
  refunds: NewRefundRow[];
}

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

/**
 * Writes the accepted changes of a batch, one statement per table whatever their number: each
 * order and item goes straight from its loaded state to the last change's, the history, refunds
 * and events of every change are appended, numbered as they were decided.
 */
export async function writeChanges(
  tx: Tx,
  loaded: ReadonlyMap<string, OrderState>,
  final: ReadonlyMap<string, OrderState>,
  changes: Change[],
): Promise<void> {
  if (changes.length === 0) return;
  const changed = [...new Set(changes.map((c) => c.after.id))].map((id) => [loaded.get(id)!, final.get(id)!] as const);

  const orders = changed.map(([before, after]) => ({
    id: after.id,
    status: after.status,
    fromVersion: before.version,
    version: after.version,
    lastSequence: after.last_sequence,
    updatedAt: after.updated_at,
  }));
  const items = changed.flatMap(([before, after]) =>
    after.items.flatMap((item, i) => {
      const fromStatus = before.items[i]!.status;
      return item.status === fromStatus ? [] : [{ orderId: after.id, plu: item.plu, fromStatus, status: item.status }];
    }),
  );
  // The rows are locked since they were read, so these only fail if something bypassed the lock.
  if ((await updateOrderStatuses(tx, orders)) !== orders.length) throw new Error('an order moved under its lock');
  if ((await updateItemStatuses(tx, items)) !== items.length) throw new Error('an item moved under its order lock');
  await insertHistory(
    tx,
    changes.flatMap((c) => c.history),
  );
  await insertRefunds(
    tx,
    changes.flatMap((c) => c.refunds),
  );
  await insertOutbox(
    tx,
    changes.flatMap((c) => c.events),
  );
}
