import type { Tx } from '#persistence';
import { OutboxEvent } from '../../outbox/outbox-event.js';
import {
  deleteIdempotencyKeys,
  deleteOrders,
  insertHistory,
  insertIdempotencyKeys,
  insertItems,
  insertOrders,
  insertPayments,
  paymentKey,
} from '../../persistence/order.repository.js';
import { forgetRefusals } from '../../persistence/order-refusal.repository.js';
import { insertOutbox } from '../../persistence/outbox.repository.js';
import type { NewOrder } from './new-order.js';

export type Attempt =
  { kind: 'created' } | { kind: 'exists' } | { kind: 'key_taken' } | { kind: 'duplicate_payment'; reference: string };

/**
 * Writes a batch of new orders in the caller's transaction, one statement per table, and says
 * what became of each. Commands that name the same key or order are put in later rounds, so each
 * sees the one before it exactly as if it had come after it: a retry, never a failure.
 */
export async function writeOrders(tx: Tx, batch: NewOrder[]): Promise<Attempt[]> {
  const attempts = new Map<NewOrder, Attempt>();
  for (const round of rounds(batch)) {
    for (const [order, attempt] of await writeRound(tx, round)) attempts.set(order, attempt);
  }
  return batch.map((order) => attempts.get(order)!);
}

async function writeRound(tx: Tx, round: NewOrder[]): Promise<Map<NewOrder, Attempt>> {
  const attempts = new Map<NewOrder, Attempt>();
  // Key first, order second, always in id order: concurrent batches queue on the same rows in the same order.
  round.sort((a, b) => (a.order.id < b.order.id ? -1 : a.order.id > b.order.id ? 1 : 0));
  const keyed = round.filter((o) => o.key);
  const storedKeys = await insertIdempotencyKeys(
    tx,
    keyed.map((o) => o.key!),
  );
  for (const o of keyed) if (!storedKeys.has(o.key!.key)) attempts.set(o, { kind: 'key_taken' });

  const candidates = round.filter((o) => !attempts.has(o));
  const inserted = await insertOrders(
    tx,
    candidates.map((o) => o.order),
  );
  for (const o of candidates) if (!inserted.has(o.order.id)) attempts.set(o, { kind: 'exists' });

  // A payment listed twice by one order is refused before anything claims it.
  const placed = candidates.filter((o) => !attempts.has(o));
  for (const o of placed) {
    const twice = o.payments.find((p, i) => o.payments.findIndex((q) => q.reference === p.reference) !== i);
    if (twice) attempts.set(o, { kind: 'duplicate_payment', reference: twice.reference });
  }
  const paying = placed.filter((o) => !attempts.has(o));
  const claimed = await insertPayments(
    tx,
    paying.flatMap((o) => o.payments),
  );
  for (const o of paying) {
    const taken = o.payments.find((p) => !claimed.has(paymentKey(p.reference, o.order.id)));
    if (taken) attempts.set(o, { kind: 'duplicate_payment', reference: taken.reference });
  }

  // What a refusal undoes: the order (its payments go with it) and the key stored for it.
  const undone = candidates.filter((o) => attempts.has(o));
  await deleteOrders(
    tx,
    undone.filter((o) => inserted.has(o.order.id)).map((o) => o.order.id),
  );
  await deleteIdempotencyKeys(
    tx,
    undone.flatMap((o) => (o.key ? [o.key.key] : [])),
  );

  const created = round.filter((o) => !attempts.has(o));
  await insertItems(
    tx,
    created.flatMap((o) => o.items),
  );
  await insertHistory(
    tx,
    created.flatMap((o) => o.history),
  );
  await insertOutbox(
    tx,
    created.map((o) =>
      OutboxEvent.create({
        type: 'order.created',
        orderId: o.order.id,
        sequence: 1,
        time: o.view.placedAt,
        data: o.view,
        correlationId: o.command.correlationId,
      }),
    ),
  );
  await forgetRefusals(
    tx,
    created.map((o) => o.order.id),
  );
  for (const o of created) attempts.set(o, { kind: 'created' });
  return attempts;
}

/** Splits the batch so that no round holds two commands with the same key, order id or channel order. */
function rounds(batch: NewOrder[]): NewOrder[][] {
  const result: { orders: NewOrder[]; names: Set<string> }[] = [];
  for (const o of batch) {
    const names = [`id:${o.order.id}`, `ch:${o.order.brandId}\u0000${o.order.channelOrderId}`];
    if (o.key) names.push(`key:${o.key.key}`);
    let index = result.length;
    while (index > 0 && !names.some((n) => result[index - 1]!.names.has(n))) index--;
    result[index] ??= { orders: [], names: new Set() };
    result[index]!.orders.push(o);
    for (const n of names) result[index]!.names.add(n);
  }
  return result.map((r) => r.orders);
}
