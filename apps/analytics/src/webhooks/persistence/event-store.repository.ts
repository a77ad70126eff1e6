import type { DataSource } from 'typeorm';
import { inTransaction, type Reader, type Sql } from '#persistence';
import { deleteRequestKeysBefore } from './request-key.repository.js';
import { statementsOf } from './statements.js';

/** An event of `orders.events` as received: its body is what gets signed and sent, byte for byte. */
export interface ReceivedEvent {
  id: string;
  orderId: string;
  sequence: number;
  type: string;
  brandId: string | null;
  time: string;
  body: string;
}

/**
 * The first event received of an order, when it is not the order's first, waits this long for the
 * ones before it and is then fanned out anyway: those were published before the webhooks queue
 * existed, and the order must not wait on them for ever. A gap after an event already received is
 * never skipped: the outbox publishes every committed event, so the missing one is on its way (late
 * behind a retried batch, say), and sending the next before it would break the order's sequence.
 * An earlier event that does come after all, once a later one went past it, goes as soon as its own
 * predecessors have: late, but never held for ever behind a gap that is already behind it.
 */
export const GAP_WAIT_MS = 60_000;

/** A subscription matches an event by type (or `*`) and by brand (an empty list: every brand). */
const MATCHES = `(s.types = '{*}' OR f.type = ANY (s.types)) AND (cardinality(s.brand_ids) = 0 OR f.brand_id = ANY (s.brand_ids))`;

/** Every statement on `webhooks.events` and `webhooks.order_brands`, and the ones that create deliveries from them. */
export class EventStoreRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a batch of events and the deliveries they are due, in one transaction: the queue's ack
   * follows its commit, so a crash before it brings the events again (and records nothing twice),
   * and a crash after it has every delivery recorded.
   */
  async record(events: ReceivedEvent[]): Promise<number> {
    return inTransaction(this.dataSource, async (tx) => {
      await tx.affected(
        `INSERT INTO webhooks.events (event_id, order_id, sequence, type, brand_id, time, body)
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])
         ON CONFLICT (event_id) DO NOTHING`,
        [
          events.map((e) => e.id),
          events.map((e) => e.orderId),
          events.map((e) => e.sequence),
          events.map((e) => e.type),
          events.map((e) => e.brandId),
          events.map((e) => e.time),
          events.map((e) => e.body),
        ],
      );
      const branded = events.filter((e) => e.brandId !== null);
      await tx.affected(
        `INSERT INTO webhooks.order_brands (order_id, brand_id)
         SELECT DISTINCT ON (order_id) order_id, brand_id FROM unnest($1::text[], $2::text[]) AS t (order_id, brand_id)
         ON CONFLICT (order_id) DO NOTHING`,
        [branded.map((e) => e.orderId), branded.map((e) => e.brandId)],
      );
      return this.fanOut(tx, [...new Set(events.map((e) => e.orderId))]);
    });
  }

  /**
   * Removes up to `limit` events older than `before` that were fanned out and have no delivery still
   * pending, with their deliveries; returns how many events went. Replicas pruning at once skip each
   * other's rows. An order's brand (order_brands) stays: an event of it may still come.
   */
  async prune(before: Date, limit: number): Promise<number> {
    const [{ pruned }] = await this.dataSource.query(
      `WITH old AS (
         SELECT e.event_id FROM webhooks.events e
          WHERE e.time < $1 AND e.fanned_out
            AND NOT EXISTS (SELECT 1 FROM webhooks.deliveries d WHERE d.event_id = e.event_id AND d.status = 'PENDING')
          ORDER BY e.time LIMIT $2 FOR UPDATE SKIP LOCKED),
       deliveries AS (DELETE FROM webhooks.deliveries d USING old WHERE d.event_id = old.event_id),
       events AS (DELETE FROM webhooks.events e USING old WHERE e.event_id = old.event_id RETURNING 1)
       SELECT count(*)::int AS pruned FROM events`,
      [before, limit],
    );
    return pruned as number;
  }

  /** Idempotency-Keys of admin writes stored before `before`, up to `limit`; pruned with the events they outlive. */
  pruneRequestKeys(before: Date, limit: number): Promise<number> {
    return deleteRequestKeysBefore(statementsOf(this.dataSource), before, limit);
  }

  /** What `record` could not fan out yet (a predecessor or the brand was missing, or another replica raced it). */
  sweep(): Promise<number> {
    return inTransaction(this.dataSource, (tx) => this.fanOut(tx, null));
  }

  /**
   * Fans out each order's events in sequence with no gap (see GAP_WAIT_MS): one delivery per
   * enabled subscription that matches. Deliveries of an order are thus created in its sequence
   * order, which is what lets the dispatcher hold event n+1 back while event n is pending.
   *
   * The waiting events of an order fall into chains of consecutive sequences. A chain goes when
   * its first event is the order's first, or follows an event already fanned out, or (after the
   * wait) no earlier event of the order is known at all; and only up to its first event whose brand
   * is not known yet: a later event never passes one held back. The brand of an event that does
   * not carry one is read from the order's other events by the statement before this one, which
   * sees the tables a moment earlier; an event recorded in between can come to this statement
   * without its brand, and must hold its successors, not let them by. A brand still unknown after
   * the wait belongs to an order whose branded events all predate the queue: it goes without one.
   */
  private async fanOut(tx: Sql, orderIds: string[] | null): Promise<number> {
    await tx.affected(
      `UPDATE webhooks.events e SET brand_id = ob.brand_id FROM webhooks.order_brands ob
       WHERE NOT e.fanned_out AND e.brand_id IS NULL AND ob.order_id = e.order_id AND ($1::text[] IS NULL OR e.order_id = ANY ($1))`,
      [orderIds],
    );
    return tx.affected(
      `WITH waiting AS (
         SELECT e.event_id, e.order_id, e.sequence, e.received_at,
                e.sequence - row_number() OVER (PARTITION BY e.order_id ORDER BY e.sequence) AS run,
                (e.brand_id IS NOT NULL OR e.received_at < now() - $2 * interval '1 millisecond') AS ready
         FROM webhooks.events e WHERE NOT e.fanned_out AND ($1::text[] IS NULL OR e.order_id = ANY ($1))
       ), chains AS (
         SELECT w.event_id, w.order_id, w.run,
                bool_and(w.ready) OVER (PARTITION BY w.order_id, w.run ORDER BY w.sequence) AS ready_so_far,
                first_value(w.received_at) OVER (PARTITION BY w.order_id, w.run ORDER BY w.sequence) AS first_received_at
         FROM waiting w
       ), due AS (
         SELECT c.event_id FROM chains c
         WHERE c.ready_so_far AND (
           c.run = 0
           OR EXISTS (SELECT 1 FROM webhooks.events p WHERE p.order_id = c.order_id AND p.sequence = c.run AND p.fanned_out)
           OR (c.first_received_at < now() - $2 * interval '1 millisecond'
               AND NOT EXISTS (SELECT 1 FROM webhooks.events p WHERE p.order_id = c.order_id AND p.sequence <= c.run)))
       ), fanned AS (
         UPDATE webhooks.events e SET fanned_out = true FROM due WHERE e.event_id = due.event_id AND NOT e.fanned_out
         RETURNING e.event_id, e.order_id, e.sequence, e.type, e.brand_id
       )
       INSERT INTO webhooks.deliveries (subscription_id, event_id, order_id, sequence)
       SELECT s.id, f.event_id, f.order_id, f.sequence FROM fanned f JOIN webhooks.subscriptions s ON s.status = 'ENABLED' AND ${MATCHES}
       ORDER BY f.order_id, f.sequence
       ON CONFLICT DO NOTHING`,
      [orderIds, GAP_WAIT_MS],
    );
  }

  /** New deliveries to one subscription of every matching event whose time is in [from, to). */
  async replay(subscriptionId: string, from: string, to: string, sql: Reader = statementsOf(this.dataSource)): Promise<number> {
    const [row] = await sql.rows<{ n: number }>(
      `WITH added AS (
         INSERT INTO webhooks.deliveries (subscription_id, event_id, order_id, sequence, replay)
         SELECT s.id, f.event_id, f.order_id, f.sequence, true
         FROM webhooks.events f JOIN webhooks.subscriptions s ON s.id = $1 AND ${MATCHES}
         WHERE f.time >= $2 AND f.time < $3
         ORDER BY f.time, f.order_id, f.sequence
         RETURNING 1
       ) SELECT count(*)::int AS n FROM added`,
      [subscriptionId, from, to],
    );
    return row.n;
  }
}
