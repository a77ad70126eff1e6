import type { Tx } from '#persistence';
import { insertHistory, updateItemStatuses, updateOrderStatuses } from '../../persistence/order.repository.js';
import { insertOutbox } from '../../persistence/outbox.repository.js';
import { insertRefunds } from '../../persistence/refund.repository.js';
import type { Change, OrderState } from './decide-change.js';

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
