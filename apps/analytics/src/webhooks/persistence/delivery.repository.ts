import type { DataSource } from 'typeorm';
import type { DeliveryStatus, DeliveryView } from '#contracts';
import type { Reader } from '#persistence';
import { statementsOf } from './statements.js';

/** A delivery claimed for one attempt, with what that attempt sends. */
export interface ClaimedDelivery {
  id: string;
  subscription_id: string;
  event_id: string;
  url: string;
  body: string;
  attempts: number;
  first_attempt_at: Date;
}

interface DeliveryRow {
  id: string;
  position: string;
  event_id: string;
  type: string;
  order_id: string;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date;
  delivered_at: Date | null;
  created_at: Date;
}

export interface DeliveryPageQuery {
  subscriptionId: string;
  status?: DeliveryStatus;
  orderId?: string;
  limit: number;
  /** Deliveries older than this position (newest first). */
  before?: string;
}

export type AttemptOutcome =
  | { kind: 'delivered'; statusCode: number }
  | { kind: 'retry'; statusCode: number | null; error: string; delayMs: number }
  | { kind: 'failed'; statusCode: number | null; error: string }
  | { kind: 'gone'; statusCode: number; error: string };

const view = (row: DeliveryRow): DeliveryView => ({
  id: row.id,
  eventId: row.event_id,
  eventType: row.type,
  orderId: row.order_id,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.last_status_code,
  lastError: row.last_error,
  nextAttemptAt: row.status === 'PENDING' ? row.next_attempt_at.toISOString() : null,
  deliveredAt: row.delivered_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
});

const VIEW_COLUMNS = `d.id, d.position, d.event_id, e.type, d.order_id, d.status, d.attempts, d.last_status_code, d.last_error,
  d.next_attempt_at, d.delivered_at, d.created_at`;

/** Every statement on `webhooks.deliveries` once they exist: claiming, settling, the log, retry. */
export class DeliveryRepository {
  private readonly reader: Reader;

  /** On pooled connections, one statement each; or on a transaction's connection (a keyed admin write). */
  constructor(source: DataSource | Reader) {
    this.reader = 'rows' in source ? source : statementsOf(source);
  }

  /**
   * Claims due deliveries for one attempt each, as many as there is room for, at most
   * `perEndpoint` in flight per subscription across every replica: the subscriptions are locked for
   * the statement (replicas skip each other's) and a claim is a lease (`claimed_until`) that a
   * crashed replica's deliveries outlive. A delivery waits while an earlier event of the same order
   * to the same subscription is pending: only each order's first pending delivery (its head, one
   * walk of the pending index in order) may go. A probe per pending delivery for an earlier one
   * would cost the square of the backlog when the planner, on a young table, picks the wrong index
   * for it (it does). Deliveries in flight are counted from the index of claimed rows. The picked
   * rows are materialised once: on a table too young for statistics the planner estimates them at
   * one row and would otherwise run the whole pick again for every pending delivery (seconds per
   * claim at a few thousand pending). The walk costs what the chosen subscriptions have pending: a
   * dead endpoint's day of retries (130,000 deliveries: 145 ms a claim) is left out of the claims
   * that refill healthy endpoints (`includeFailing` false) and walked only by the poll's.
   */
  claim(perEndpoint: number, leaseMs: number, max: number, includeFailing = true): Promise<ClaimedDelivery[]> {
    return this.reader.rows<ClaimedDelivery>(
      `WITH subs AS (
         SELECT id, url FROM webhooks.subscriptions WHERE status = 'ENABLED' AND ($4 OR failing_since IS NULL)
         FOR NO KEY UPDATE SKIP LOCKED
       ), busy AS (
         SELECT d.subscription_id, count(*) AS n FROM webhooks.deliveries d JOIN subs ON subs.id = d.subscription_id
         WHERE d.status = 'PENDING' AND d.claimed_until IS NOT NULL AND d.claimed_until > now() GROUP BY d.subscription_id
       ), heads AS (
         SELECT DISTINCT ON (d.subscription_id, d.order_id) d.id, d.subscription_id, d.next_attempt_at, d.claimed_until, d.position
         FROM webhooks.deliveries d JOIN subs ON subs.id = d.subscription_id
         WHERE d.status = 'PENDING' ORDER BY d.subscription_id, d.order_id, d.sequence
       ), ready AS (
         SELECT h.id, h.subscription_id, row_number() OVER (PARTITION BY h.subscription_id ORDER BY h.next_attempt_at, h.position) AS rn
         FROM heads h WHERE h.next_attempt_at <= now() AND (h.claimed_until IS NULL OR h.claimed_until <= now())
       ), picked AS MATERIALIZED (
         SELECT ready.id FROM ready LEFT JOIN busy ON busy.subscription_id = ready.subscription_id
         WHERE ready.rn <= $1 - COALESCE(busy.n, 0) LIMIT $3
       )
       UPDATE webhooks.deliveries d
       SET claimed_until = now() + $2 * interval '1 millisecond', attempts = d.attempts + 1,
           first_attempt_at = COALESCE(d.first_attempt_at, now())
       FROM picked, subs, webhooks.events e
       WHERE d.id = picked.id AND subs.id = d.subscription_id AND e.event_id = d.event_id
         -- Checked again on the row as it is: a replica whose claim began before another's committed must not take it too.
         AND d.status = 'PENDING' AND (d.claimed_until IS NULL OR d.claimed_until <= now())
       RETURNING d.id, d.subscription_id, d.event_id, subs.url, e.body, d.attempts, d.first_attempt_at`,
      [perEndpoint, leaseMs, max, includeFailing],
    );
  }

  /**
   * Records an attempt's outcome, and the subscription's health with it: a success ends a failing
   * spell; a failure starts one, and one older than `disableAfterMs` disables the subscription, as
   * does a 410 at once.
   */
  async settle(d: ClaimedDelivery, outcome: AttemptOutcome, disableAfterMs: number): Promise<{ disabled: boolean }> {
    const status = outcome.kind === 'delivered' ? 'DELIVERED' : outcome.kind === 'retry' ? 'PENDING' : 'FAILED';
    const [row] = await this.reader.rows<{ disabled: boolean }>(
      `WITH settled AS (
         UPDATE webhooks.deliveries SET status = $3, claimed_until = NULL, last_status_code = $4, last_error = $5,
           next_attempt_at = CASE WHEN $3 = 'PENDING' THEN now() + $6 * interval '1 millisecond' ELSE next_attempt_at END,
           delivered_at = CASE WHEN $3 = 'DELIVERED' THEN now() END
         WHERE id = $1 AND status = 'PENDING' RETURNING id
       )
       UPDATE webhooks.subscriptions s SET
         failing_since = CASE WHEN $3 = 'DELIVERED' THEN NULL ELSE COALESCE(s.failing_since, now()) END,
         status = CASE WHEN $7 OR ($3 <> 'DELIVERED' AND s.failing_since <= now() - $8 * interval '1 millisecond')
                       THEN 'DISABLED' ELSE s.status END,
         disabled_reason = CASE
           WHEN s.status = 'DISABLED' THEN s.disabled_reason
           WHEN $7 THEN $5
           WHEN $3 <> 'DELIVERED' AND s.failing_since <= now() - $8 * interval '1 millisecond'
             THEN 'every delivery failed since ' || to_char(s.failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
           ELSE s.disabled_reason END,
         updated_at = CASE WHEN s.status = 'ENABLED' AND ($7 OR ($3 <> 'DELIVERED' AND s.failing_since <= now() - $8 * interval '1 millisecond'))
                           THEN now() ELSE s.updated_at END
       -- A success at a healthy subscription changes nothing of it: no row version, no lock beside the claims'.
       FROM settled WHERE s.id = $2 AND ($3 <> 'DELIVERED' OR s.failing_since IS NOT NULL)
       RETURNING s.status = 'DISABLED' AS disabled`,
      [
        d.id,
        d.subscription_id,
        status,
        outcome.kind === 'delivered' ? outcome.statusCode : outcome.statusCode,
        outcome.kind === 'delivered' ? null : outcome.error,
        outcome.kind === 'retry' ? outcome.delayMs : 0,
        outcome.kind === 'gone',
        disableAfterMs,
      ],
    );
    return { disabled: row?.disabled ?? false };
  }

  /**
   * Records many successful attempts in one statement (see DeliveredBatch): each delivery DELIVERED,
   * and a subscription that was failing healthy again. Those subscriptions are locked in the order
   * of their ids, so two replicas settling at once wait for each other rather than deadlock.
   */
  async settleDelivered(settled: { id: string; statusCode: number }[]): Promise<void> {
    await this.reader.rows(
      `WITH settled AS (
         UPDATE webhooks.deliveries d SET status = 'DELIVERED', claimed_until = NULL, last_status_code = u.code,
           last_error = NULL, delivered_at = now()
         FROM unnest($1::uuid[], $2::int[]) AS u (id, code)
         WHERE d.id = u.id AND d.status = 'PENDING' RETURNING d.subscription_id
       ), recovering AS (
         SELECT s.id FROM webhooks.subscriptions s
         WHERE s.id IN (SELECT subscription_id FROM settled) AND s.failing_since IS NOT NULL
         ORDER BY s.id FOR NO KEY UPDATE
       )
       UPDATE webhooks.subscriptions s SET failing_since = NULL FROM recovering r WHERE s.id = r.id`,
      [settled.map((d) => d.id), settled.map((d) => d.statusCode)],
    );
  }

  async page(q: DeliveryPageQuery): Promise<{ items: DeliveryView[]; last: string | null }> {
    const rows = await this.reader.rows<DeliveryRow>(
      `SELECT ${VIEW_COLUMNS} FROM webhooks.deliveries d JOIN webhooks.events e ON e.event_id = d.event_id
       WHERE d.subscription_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::text IS NULL OR d.order_id = $3)
         AND ($4::bigint IS NULL OR d.position < $4)
       ORDER BY d.position DESC LIMIT $5`,
      [q.subscriptionId, q.status ?? null, q.orderId ?? null, q.before ?? null, q.limit + 1],
    );
    const more = rows.length > q.limit;
    const items = rows.slice(0, q.limit);
    return { items: items.map(view), last: more ? items[items.length - 1].position : null };
  }

  /** A FAILED delivery back to PENDING with a fresh retry window; 'not-failed' if it exists but is not FAILED. */
  async retry(subscriptionId: string, deliveryId: string): Promise<DeliveryView | 'not-failed' | undefined> {
    const [row] = await this.reader.rows<DeliveryRow>(
      `WITH retried AS (
         UPDATE webhooks.deliveries SET status = 'PENDING', next_attempt_at = now(), first_attempt_at = NULL, claimed_until = NULL
         WHERE id = $1 AND subscription_id = $2 AND status = 'FAILED' RETURNING *
       )
       SELECT ${VIEW_COLUMNS} FROM retried d JOIN webhooks.events e ON e.event_id = d.event_id`,
      [deliveryId, subscriptionId],
    );
    if (row) return view(row);
    const [existing] = await this.reader.rows<{ id: string }>(
      `SELECT id FROM webhooks.deliveries WHERE id = $1 AND subscription_id = $2`,
      [deliveryId, subscriptionId],
    );
    return existing ? 'not-failed' : undefined;
  }

  /** The backlog of each enabled subscription; a disabled one's deliveries wait parked, behind nothing. */
  pendingBySubscription(): Promise<{ subscription_id: string; pending: number; oldest_seconds: number }[]> {
    return this.reader.rows(
      `SELECT d.subscription_id, count(*)::int AS pending, extract(epoch FROM now() - min(d.created_at))::float8 AS oldest_seconds
       FROM webhooks.deliveries d JOIN webhooks.subscriptions s ON s.id = d.subscription_id AND s.status = 'ENABLED'
       WHERE d.status = 'PENDING' GROUP BY d.subscription_id`,
    );
  }
}
