import { type CloudEvent, isBrandEventType } from '#contracts';
import { type Reader, type Sql, writeBatch, type WritePart } from '#persistence';

/**
 * Events committed with the change that caused them, for the relay; one statement for any number.
 * An event's `traceparent` (the change's, while tracing is on) goes in a column of its own: the
 * payload stays the event as it happened, and the relay publishes it within that trace.
 */
export function insertOutbox(sql: Sql, events: CloudEvent[]): Promise<void> {
  return writeBatch(sql, [outboxInsert(events)]);
}

/** The events' part of a batch's one statement (libs/persistence's batch-write.ts). */
export function outboxInsert(events: CloudEvent[]): WritePart | null {
  if (events.length === 0) return null;
  return {
    sql: `INSERT INTO orders.outbox (event_id, order_id, sequence, type, payload, traceparent)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::jsonb[], $6::text[])`,
    params: [
      events.map((e) => e.id),
      // A brand event's subject is the brand id: it belongs to no order.
      events.map((e) => (isBrandEventType(e.type) ? null : e.subject)),
      events.map((e) => e.sequence),
      events.map((e) => e.type),
      events.map((e) => JSON.stringify(e.traceparent ? { ...e, traceparent: undefined } : e)),
      events.map((e) => e.traceparent ?? null),
    ],
  };
}

export interface UnpublishedRow {
  id: string;
  payload: CloudEvent;
  traceparent: string | null;
}

/**
 * The oldest unpublished events, their rows locked until the transaction ends; none when another
 * replica's relay holds the relay lock (one relay at a time keeps each order's events in order).
 * The lock is taken once, before the scan, by the same statement: its snapshot may then predate
 * the commit of the relay that held the lock before, but FOR UPDATE reads each row it locks as last
 * committed, and a row that relay marked published no longer matches.
 */
export function lockUnpublished(tx: Sql, limit: number): Promise<UnpublishedRow[]> {
  return tx.rows<UnpublishedRow>(
    `SELECT id, payload, traceparent FROM orders.outbox
      WHERE (SELECT pg_try_advisory_xact_lock(hashtext($1))) AND published_at IS NULL ORDER BY id LIMIT $2 FOR UPDATE`,
    ['orders:outbox-relay', limit],
  );
}

export async function markPublished(tx: Sql, ids: string[]): Promise<void> {
  await tx.affected('UPDATE orders.outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [ids]);
}

/** Deletes up to `limit` rows published before `cutoff`, oldest first; returns how many. */
export function deletePublished(sql: Sql, cutoff: Date, limit: number): Promise<number> {
  return sql.affected(
    `DELETE FROM orders.outbox WHERE id IN (
       SELECT id FROM orders.outbox WHERE published_at < $1 ORDER BY id LIMIT $2)`,
    [cutoff, limit],
  );
}

/** How many committed events wait for the broker, and the age in seconds of the oldest (0 when none). */
export async function outboxBacklog(sql: Reader): Promise<{ count: number; oldestAgeSeconds: number }> {
  const [row] = await sql.rows<{ count: number; age: number }>(
    `SELECT count(*)::int AS count, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age
       FROM orders.outbox WHERE published_at IS NULL`,
  );
  return { count: row!.count, oldestAgeSeconds: row!.age };
}
