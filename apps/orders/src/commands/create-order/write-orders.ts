import type { CreateOrderCommand } from '#contracts';
import type { Tx } from '#persistence';
import { repeatedPayment } from '../../domain/place-order.js';
import type { Transition } from '../../domain/order.js';
import { idempotencyKeysDelete, insertIdempotencyKeys, type KeyRow } from '../../persistence/idempotency-key.repository.js';
import { archivedAmong } from '../../persistence/order-archive.repository.js';
import { refusalsForget } from '../../persistence/order-refusal.repository.js';
import { insertOrders, insertPayments, ordersDelete, paymentKey, saveNewOrders } from '../../persistence/order.repository.js';
import { outboxInsert } from '../../persistence/outbox.repository.js';
import { trackingTokensInsert, trackingTokenRow } from '../../persistence/tracking-token.repository.js';
import { toCloudEvents } from '../../wire/order-event.mapper.js';

/** A create command with the order it places, decided before the transaction starts. */
export interface NewOrder {
  command: CreateOrderCommand;
  key: KeyRow | null;
  placed: Transition;
  /** The trace of the command, while tracing is on: its events are published within it. */
  traceparent?: string;
}

export type Attempt =
  { kind: 'created' } | { kind: 'exists' } | { kind: 'key_taken' } | { kind: 'duplicate_payment'; reference: string };

/**
 * Writes a batch of new orders in the caller's transaction and says what became of each: one
 * statement per table whose answer decides, then one for all the rest (libs/persistence's
 * batch-write.ts). Commands that name the same key or order are put in later rounds, so each sees
 * the one before it exactly as if it had come after it: a retry, never a failure. Where orders are
 * archived (`archiveInUse`), an order found in the archive exists as well, and a payment reference
 * an archived order holds is taken.
 */
export async function writeOrders(tx: Tx, batch: NewOrder[], archiveInUse: boolean): Promise<Attempt[]> {
  const attempts = new Map<NewOrder, Attempt>();
  for (const round of rounds(batch)) {
    for (const [order, attempt] of await writeRound(tx, round, archiveInUse)) attempts.set(order, attempt);
  }
  return batch.map((order) => attempts.get(order)!);
}

async function writeRound(tx: Tx, round: NewOrder[], archiveInUse: boolean): Promise<Map<NewOrder, Attempt>> {
  const attempts = new Map<NewOrder, Attempt>();
  const orderOf = (o: NewOrder) => o.placed.order;
  // Key first, order second, always in id order: concurrent batches queue on the same rows in the same order.
  round.sort((a, b) => (orderOf(a).id < orderOf(b).id ? -1 : orderOf(a).id > orderOf(b).id ? 1 : 0));
  const keyed = round.filter((o) => o.key);
  const storedKeys = await insertIdempotencyKeys(
    tx,
    keyed.map((o) => o.key!),
  );
  for (const o of keyed) if (!storedKeys.has(o.key!.key)) attempts.set(o, { kind: 'key_taken' });

  const candidates = round.filter((o) => !attempts.has(o));
  const inserted = await insertOrders(tx, candidates.map(orderOf));
  for (const o of candidates) if (!inserted.has(orderOf(o).id)) attempts.set(o, { kind: 'exists' });

  // A payment listed twice by one order is refused before anything claims it.
  const placed = candidates.filter((o) => !attempts.has(o));
  for (const o of placed) {
    const twice = repeatedPayment(orderOf(o));
    if (twice) attempts.set(o, { kind: 'duplicate_payment', reference: twice });
  }
  const paying = placed.filter((o) => !attempts.has(o));
  const claimed = await insertPayments(tx, paying.map(orderOf));
  let archivedReferences = new Set<string>();
  if (archiveInUse) {
    // A statement of its own, after the inserts: if an insert waited for a sweep that moved this
    // order, or the order holding this payment reference, out, this one's snapshot is taken after
    // the sweep's commit and finds them archived. An order archived already is a retry, whatever
    // its payments say.
    const archived = await archivedAmong(
      tx,
      placed.map(orderOf),
      paying.flatMap((o) => orderOf(o).payments.map((p) => p.reference)),
    );
    for (const o of placed) if (archived.orders.has(orderOf(o).id)) attempts.set(o, { kind: 'exists' });
    archivedReferences = archived.references;
  }
  for (const o of paying) {
    if (attempts.has(o)) continue;
    const taken = orderOf(o).payments.find(
      (p) => !claimed.has(paymentKey(p.reference, orderOf(o).id)) || archivedReferences.has(p.reference),
    );
    if (taken) attempts.set(o, { kind: 'duplicate_payment', reference: taken.reference });
  }

  // What a refusal undoes: the order (its payments go with it) and the key stored for it; in the
  // same statement as what the created orders still need, since each of them touches other rows.
  const undone = candidates.filter((o) => attempts.has(o));
  const created = round.filter((o) => !attempts.has(o));
  await saveNewOrders(
    tx,
    created.map((o) => o.placed),
    [
      ordersDelete(undone.filter((o) => inserted.has(orderOf(o).id)).map((o) => orderOf(o).id)),
      idempotencyKeysDelete(undone.flatMap((o) => (o.key ? [o.key.key] : []))),
      trackingTokensInsert(created.map((o) => trackingTokenRow(orderOf(o).id, o.command.trackingToken))),
      outboxInsert(
        created.flatMap((o) => toCloudEvents(o.placed.events, o.placed.order, o.command.correlationId, o.traceparent)),
      ),
      refusalsForget(created.map((o) => orderOf(o).id)),
    ],
  );
  for (const o of created) attempts.set(o, { kind: 'created' });
  return attempts;
}

/** Splits the batch so that no round holds two commands with the same key, order id or channel order. */
function rounds(batch: NewOrder[]): NewOrder[][] {
  const result: { orders: NewOrder[]; names: Set<string> }[] = [];
  for (const o of batch) {
    const { id, brandId, channelOrderId } = o.placed.order;
    const names = [`id:${id}`, `ch:${brandId}\u0000${channelOrderId}`];
    if (o.key) names.push(`key:${o.key.key}`);
    let index = result.length;
    while (index > 0 && !names.some((n) => result[index - 1]!.names.has(n))) index--;
    result[index] ??= { orders: [], names: new Set() };
    result[index]!.orders.push(o);
    for (const n of names) result[index]!.names.add(n);
  }
  return result.map((r) => r.orders);
}
